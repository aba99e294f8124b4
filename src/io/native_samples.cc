// Writes NativeText of random scenarios (native_test_util.h) into a folder, so that checks
// outside C++ (the JSON Schema test, tests/native_schema_check.py) and fuzzers can read what
// the writer produces. Usage: native_samples OUT_DIR [COUNT]

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "native_test_util.h"
#include "parley/io/native.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: native_samples OUT_DIR [COUNT]\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const int count = argc > 2 ? std::atoi(argv[2]) : 50;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (int k = 1; k <= count; ++k) {
    const parley::Scenario s = parley::RandomScenario(static_cast<uint64_t>(k)).Make();
    std::ofstream out(dir / ("random-" + std::to_string(k) + ".yaml"), std::ios::binary);
    out << parley::NativeText(s);
    if (!out) {
      std::fprintf(stderr, "native_samples: cannot write into %s\n", dir.c_str());
      return 1;
    }
  }
  return 0;
}
