#pragma once

// Helpers for the session tests: loading reference scenarios and golden files.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "parley/io/scenario_io.h"
#include "parley/protocol/prepared_scenario.h"

namespace parley::testing {

inline std::string SharedData(const std::string& relative) {
  return std::string(PARLEY_SHARED_DATA_DIR) + "/" + relative;
}

inline Scenario LoadOrDie(const std::string& relative) {
  std::vector<std::string> paths{SharedData(relative)};
  auto loaded = LoadScenario(paths);
  EXPECT_TRUE(loaded.ok()) << relative << ": " << loaded.error().ToString();
  return loaded.ok() ? std::move(loaded->scenario) : Scenario{};
}

/// Compares `actual` with tests/data/negotiate/<name>; PARLEY_UPDATE_GOLDEN=1 rewrites it.
inline void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(PARLEY_SOURCE_DIR) + "/tests/data/negotiate/" + name;
  if (const char* update = std::getenv("PARLEY_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream file(path, std::ios::binary);
  ASSERT_TRUE(file) << "missing golden file " << path << " (PARLEY_UPDATE_GOLDEN=1 writes it)";
  std::stringstream expected;
  expected << file.rdbuf();
  EXPECT_EQ(actual, expected.str())
      << "golden file " << path << " differs (PARLEY_UPDATE_GOLDEN=1 rewrites it)";
}

}  // namespace parley::testing
