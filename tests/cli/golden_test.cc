// Golden tests of the `parley` command: runs the built binary on fixed inputs and compares its
// output and exit code with tests/data/golden/. Text is compared byte for byte, JSON value by
// value (numbers to 1e-9). PARLEY_UPDATE_GOLDEN=1 rewrites the expected files instead (then
// review `git diff tests/data/golden`). Also: `parley convert` round trips give equal analyses.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const std::string kShared = "../shared/data";  // relative to the source dir, the tests' cwd
const std::string kLaptop = kShared + "/genius/y2011/Laptop";
const std::string kDomain00 = kShared + "/anl2023/domain00";
const std::string kLunch = "tests/data/cli/lunch";
const std::string kMarket = "tests/data/cli/market.yaml";

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// A scratch folder for one test, removed with it.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag)
      : path_(fs::temp_directory_path() / ("parley-cli-" + std::to_string(getpid()) + "-" + tag)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

RunResult RunParley(const std::vector<std::string>& args) {
  const ScratchDir scratch("stderr");
  const std::string err_file = scratch / "stderr.txt";
  std::string command = Quote(PARLEY_BINARY);
  for (const std::string& arg : args) command += " " + Quote(arg);
  command += " 2>" + Quote(err_file) + " </dev/null";
  RunResult run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.err = ReadFile(err_file);
  return run;
}

std::string Describe(const std::vector<std::string>& args) {
  std::string text = "parley";
  for (const std::string& arg : args) text += " " + arg;
  return text;
}

// The first difference between two JSON values ("" when equal), numbers compared to 1e-9.
std::string JsonDifference(const Json& expected, const Json& actual, const std::string& where) {
  if (expected.is_number() && actual.is_number()) {
    const double a = expected.get<double>(), b = actual.get<double>();
    if (std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a))) return {};
    return where + ": expected " + expected.dump() + ", got " + actual.dump();
  }
  if (expected.type() != actual.type())
    return where + ": expected " + expected.dump() + ", got " + actual.dump();
  if (expected.is_object()) {
    if (expected.size() != actual.size()) {
      std::string keys;
      for (const auto& [key, value] : actual.items()) keys += " " + key;
      return where + ": expected " + std::to_string(expected.size()) + " keys, got" + keys;
    }
    auto a = expected.begin();
    auto b = actual.begin();
    for (; a != expected.end(); ++a, ++b) {
      if (a.key() != b.key()) return where + ": expected key " + a.key() + ", got " + b.key();
      if (std::string d = JsonDifference(a.value(), b.value(), where + "." + a.key()); !d.empty())
        return d;
    }
    return {};
  }
  if (expected.is_array()) {
    if (expected.size() != actual.size())
      return where + ": expected " + std::to_string(expected.size()) + " elements, got " +
             std::to_string(actual.size());
    for (size_t i = 0; i < expected.size(); ++i)
      if (std::string d =
              JsonDifference(expected[i], actual[i], where + "[" + std::to_string(i) + "]");
          !d.empty())
        return d;
    return {};
  }
  return expected == actual ? std::string()
                            : where + ": expected " + expected.dump() + ", got " + actual.dump();
}

// Compares `actual` with tests/data/golden/<name>, or rewrites it under PARLEY_UPDATE_GOLDEN=1.
void ExpectGolden(const std::string& name, const std::string& actual) {
  const fs::path path = fs::path("tests/data/golden") / name;
  const char* update = std::getenv("PARLEY_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    std::printf("updated %s\n", path.c_str());
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; create it with PARLEY_UPDATE_GOLDEN=1";
  const std::string expected = ReadFile(path);
  if (path.extension() == ".json") {
    const Json want = Json::parse(expected, nullptr, false);
    const Json got = Json::parse(actual, nullptr, false);
    ASSERT_FALSE(want.is_discarded()) << path << " is not JSON";
    ASSERT_FALSE(got.is_discarded()) << "output is not JSON:\n" << actual;
    EXPECT_EQ(JsonDifference(want, got, "$"), "") << "golden file " << path;
  } else {
    EXPECT_EQ(expected, actual) << "golden file " << path
                                << " differs; PARLEY_UPDATE_GOLDEN=1 rewrites it";
  }
}

// One golden case: the command line, the exit code it must give, and the golden file that holds
// its stdout (exit 0) or its stderr (otherwise; stdout must then be empty).
struct GoldenCase {
  const char* name;  ///< Golden file name; also the test name (without extension).
  std::vector<std::string> args;
  int exit_code = 0;
};

std::ostream& operator<<(std::ostream& os, const GoldenCase& c) { return os << c.name; }

class GoldenTest : public testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenTest, MatchesExpectedOutput) {
  const GoldenCase& c = GetParam();
  SCOPED_TRACE(Describe(c.args));
  const RunResult run = RunParley(c.args);
  ASSERT_EQ(run.exit_code, c.exit_code) << "stdout:\n" << run.out << "stderr:\n" << run.err;
  if (c.exit_code == 0) {
    EXPECT_EQ(run.err, "");
    ExpectGolden(c.name, run.out);
  } else {
    EXPECT_EQ(run.out, "");
    // One line on stderr, "parley: ..."
    EXPECT_EQ(run.err.rfind("parley: ", 0), 0u) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    ExpectGolden(c.name, run.err);
  }
}

std::string TestName(const testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.name;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(
    Cli, GoldenTest,
    testing::Values(
        GoldenCase{"default.txt", {}}, GoldenCase{"analyze_doha.txt", {"analyze"}},
        GoldenCase{"analyze_doha_all.txt", {"analyze", "doha-2019", "--all"}},
        GoldenCase{"analyze_doha.json", {"analyze", "--json"}},
        GoldenCase{"analyze_lunch.txt", {"analyze", kLunch}},
        GoldenCase{"analyze_lunch.json", {"analyze", kLunch, "--json"}},
        GoldenCase{"analyze_lunch_files.txt",
                   {"analyze", kLunch + "/lunch_domain.xml", kLunch + "/lunch_alice.xml",
                    kLunch + "/lunch_bob.xml"}},
        GoldenCase{"analyze_genius_laptop.txt", {"analyze", kLaptop}},
        GoldenCase{"analyze_genius_laptop.json", {"analyze", kLaptop, "--json"}},
        GoldenCase{"analyze_geniusweb_domain00.txt", {"analyze", kDomain00}},
        GoldenCase{"analyze_geniusweb_domain00.json", {"analyze", kDomain00, "--json"}},
        GoldenCase{"analyze_market.txt", {"analyze", kMarket}},
        GoldenCase{"analyze_market.json", {"analyze", kMarket, "--json"}},
        GoldenCase{"analyze_market_resolution.txt",
                   {"analyze", kMarket, "--resolution", "5", "--all"}},
        GoldenCase{"analyze_multilateral.txt",
                   {"analyze", kShared + "/genius/y2015/group2-politics"}},
        GoldenCase{"error_missing_file.txt", {"analyze", "tests/data/cli/no-such-file.yaml"}, 2},
        // The missing file is named, not the built-in scenario listed with it.
        GoldenCase{"error_builtin_and_missing_file.txt", {"analyze", "doha-2019", "market"}, 2},
        GoldenCase{"error_builtin_in_list.txt", {"analyze", "doha-2019", kMarket}, 2},
        GoldenCase{"error_malformed_xml.txt", {"analyze", "tests/data/cli/malformed-xml"}, 2},
        GoldenCase{"error_negative_weight.txt", {"analyze", "tests/data/cli/negative-weight"}, 2},
        GoldenCase{
            "error_not_a_scenario.txt", {"analyze", "tests/data/cli/not-a-scenario.yaml"}, 2},
        GoldenCase{"error_unsupported_profile.txt",
                   {"analyze", kShared + "/genius/templates/2nd_hand_car"},
                   2},
        GoldenCase{"error_off_grid.txt", {"analyze", kMarket, "--resolution", "4"}, 2},
        GoldenCase{"error_unknown_option.txt", {"analyze", "--bogus"}, 2},
        GoldenCase{"error_unknown_command.txt", {"frobnicate"}, 2},
        GoldenCase{"error_bad_resolution.txt", {"analyze", "--resolution", "1"}, 2},
        GoldenCase{"error_convert_needs_target.txt", {"convert", "doha-2019", "/nonexistent/x"}, 2},
        GoldenCase{"error_convert_one_path.txt", {"convert", "doha-2019"}, 2},
        // The single undertaking (docs/single-undertaking.md): `parley` itself is default.txt.
        GoldenCase{"negotiate_compare.txt", {"negotiate", "--compare"}},
        GoldenCase{"negotiate_compare.json", {"negotiate", "--compare", "--json"}},
        GoldenCase{"negotiate_undertaking_short.json",
                   {"negotiate", "--protocol", "single-undertaking", "--rounds", "10", "--json"}},
        GoldenCase{"error_compare_needs_undertaking.txt",
                   {"negotiate", "--compare", "--protocol", "sao"},
                   2},
        GoldenCase{"error_negotiate_empty_agent.txt",
                   {"negotiate", "--protocol", "sao", "--agents", "boulware,,linear"},
                   2}),
    TestName);

// `parley` with no command is `parley negotiate` on doha-2019 under the single undertaking, and
// gives the same bytes every run.
TEST(CliTest, DefaultRunIsTheSingleUndertakingOnDoha) {
  const RunResult first = RunParley({});
  const RunResult second = RunParley({});
  const RunResult negotiate = RunParley({"negotiate"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  EXPECT_EQ(first.out, negotiate.out);
  EXPECT_NE(first.out.find("negotiation: doha-2019, protocol single-undertaking"),
            std::string::npos);
  EXPECT_NE(first.out.find("final vote ("), std::string::npos);
  EXPECT_NE(first.out.find("the whole package against the frontier"), std::string::npos);
}

TEST(CliTest, HelpAndVersionSucceed) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--help"},
                                               {"--version"},
                                               {"analyze", "--help"},
                                               {"convert", "--help"}}) {
    const RunResult run = RunParley(args);
    EXPECT_EQ(run.exit_code, 0) << Describe(args) << "\n" << run.err;
    EXPECT_FALSE(run.out.empty()) << Describe(args);
  }
}

TEST(CliTest, OutputThatCannotBeWrittenIsAnError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  const ScratchDir scratch("full");
  const std::string err_file = scratch / "stderr.txt";
  const int status =
      std::system((Quote(PARLEY_BINARY) + " analyze >/dev/full 2>" + Quote(err_file)).c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(ReadFile(err_file).rfind("parley: internal error: cannot write the output", 0), 0u)
      << ReadFile(err_file);
}

TEST(CliTest, OutputIsTheSameBytesEveryRun) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"analyze", "--json"},
                                               {"analyze", kDomain00, "--json"},
                                               {"analyze", kDomain00}}) {
    const RunResult first = RunParley(args);
    const RunResult second = RunParley(args);
    ASSERT_EQ(first.exit_code, 0) << Describe(args) << "\n" << first.err;
    EXPECT_EQ(first.out, second.out) << Describe(args);
  }
}

// `parley analyze --json` with the fields that must survive a lossless conversion: the domain,
// the frontier, the solution points, the ranges. Party names, the source and the format may
// legitimately change with the format.
Json AnalysisOf(const std::vector<std::string>& scenario) {
  std::vector<std::string> args{"analyze", "--json"};
  args.insert(args.end(), scenario.begin(), scenario.end());
  const RunResult run = RunParley(args);
  EXPECT_EQ(run.exit_code, 0) << Describe(args) << "\n" << run.err;
  Json json = Json::parse(run.out, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << Describe(args) << "\n" << run.out;
  if (json.is_discarded()) return Json();
  Json kept = Json::object();
  kept["issues"] = json["scenario"]["issues"];
  kept["outcomes"] = json["scenario"]["outcomes"];
  kept["domain"] = json["scenario"]["domain"];
  for (Json& range : json["ranges"]) range.erase("party");
  for (const char* key : {"ranges", "pareto", "nash", "kalai", "kalai_smorodinsky", "egalitarian",
                          "max_welfare", "opposition", "zopa"})
    kept[key] = json[key];
  return kept;
}

struct Conversion {
  RunResult run;
  bool lossless = false;
};

Conversion Convert(const std::vector<std::string>& in, const std::string& out,
                   const std::string& to) {
  std::vector<std::string> args{"convert"};
  args.insert(args.end(), in.begin(), in.end());
  args.push_back(out);
  args.insert(args.end(), {"--to", to});
  Conversion conversion{RunParley(args)};
  EXPECT_EQ(conversion.run.exit_code, 0) << Describe(args) << "\n" << conversion.run.err;
  EXPECT_NE(conversion.run.out.find("Wrote"), std::string::npos) << conversion.run.out;
  conversion.lossless = conversion.run.out.find("Dropped nothing") != std::string::npos;
  return conversion;
}

struct RoundTripCase {
  std::string scenario;
  std::string format;  ///< The scenario's own format, converted back to at the end.
};

// scenario -> every format -> back to its own format: wherever the first conversion drops
// nothing, all three analyses are equal; otherwise the second leg still preserves the first's.
TEST(ConvertTest, RoundTripsGiveEqualAnalyses) {
  const std::vector<RoundTripCase> cases{
      {"doha-2019", "native"}, {kLunch, "genius"}, {kLaptop, "genius"}, {kDomain00, "geniusweb"}};
  const ScratchDir scratch("roundtrip");
  int step = 0;
  for (const RoundTripCase& c : cases) {
    const Json original = AnalysisOf({c.scenario});
    for (const std::string target : {"native", "genius", "geniusweb"}) {
      SCOPED_TRACE(c.scenario + " -> " + target + " -> " + c.format);
      const std::string middle =
          scratch / (std::to_string(++step) + (target == "native" ? ".yaml" : ""));
      const std::string back =
          scratch / (std::to_string(++step) + (c.format == "native" ? ".yaml" : ""));
      const Conversion there = Convert({c.scenario}, middle, target);
      const Json converted = AnalysisOf({middle});
      if (there.lossless) {
        EXPECT_EQ(JsonDifference(original, converted, "$"), "");
      }
      const Conversion again = Convert({middle}, back, c.format);
      EXPECT_TRUE(again.lossless || !there.lossless) << again.run.out;
      EXPECT_EQ(JsonDifference(converted, AnalysisOf({back}), "$"), "");
    }
  }
}

TEST(ConvertTest, NativeFromGeniusIsLossless) {
  const ScratchDir scratch("lossless");
  for (const std::string& scenario : {kLunch, kLaptop, kDomain00}) {
    SCOPED_TRACE(scenario);
    const Conversion conversion = Convert({scenario}, scratch / "out.yaml", "native");
    EXPECT_TRUE(conversion.lossless) << conversion.run.out;
  }
}

TEST(ConvertTest, ReportsWhatItWroteAndDropped) {
  const ScratchDir scratch("report");
  const RunResult run = RunParley({"convert", "doha-2019", scratch / "doha", "--to", "genius"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string out = run.out;
  for (size_t at; (at = out.find(scratch.str())) != std::string::npos;)
    out.replace(at, scratch.str().size(), "<tmp>");
  ExpectGolden("convert_doha_to_genius.txt", out);

  const RunResult native = RunParley({"convert", "doha-2019", scratch / "doha.yaml"});
  ASSERT_EQ(native.exit_code, 0) << native.err;
  EXPECT_NE(native.out.find("Wrote   native"), std::string::npos) << native.out;
  EXPECT_TRUE(fs::exists(scratch / "doha.yaml"));
}

}  // namespace
