// Tests of `parley negotiate`, `parley agents` and `parley protocols` through the binary:
// golden transcript, determinism, files written, and one-line errors with exit code 2.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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

fs::path Scratch(const std::string& name) {
  return fs::temp_directory_path() / ("parley-negotiate-" + std::to_string(getpid()) + "-" + name);
}

RunResult Parley(const std::vector<std::string>& args) {
  const fs::path err_file = Scratch("stderr.txt");
  std::string command = Quote(PARLEY_BINARY);
  for (const auto& arg : args) command += " " + Quote(arg);
  command += " 2>" + Quote(err_file.string()) + " </dev/null";
  RunResult run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = ReadFile(err_file);
  fs::remove(err_file);
  return run;
}

const std::string kLaptop = "../shared/data/genius/y2011/Laptop";

TEST(NegotiateCliTest, GoldenTranscript) {
  const RunResult run = Parley({"negotiate", kLaptop, "--agents", "boulware,nice-tit-for-tat",
                                "--rounds", "40", "--seed", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  const fs::path golden = "tests/data/negotiate/cli-laptop.txt";
  if (const char* update = std::getenv("PARLEY_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(golden, std::ios::binary) << run.out;
  }
  EXPECT_EQ(run.out, ReadFile(golden)) << "PARLEY_UPDATE_GOLDEN=1 rewrites " << golden;
}

TEST(NegotiateCliTest, SameSeedSameBytes) {
  const std::vector<std::string> args = {"negotiate", kLaptop, "--agents", "random,boa",
                                         "--seed",    "11",    "--json"};
  const RunResult a = Parley(args), b = Parley(args);
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  const auto json = nlohmann::json::parse(a.out);
  for (const char* key :
       {"agreement", "rounds", "pareto_distance", "nash_distance", "welfare", "moves"})
    EXPECT_TRUE(json.contains(key)) << key;
  auto other = args;
  other[5] = "12";
  EXPECT_NE(Parley(other).out, a.out);
}

TEST(NegotiateCliTest, DefaultScenarioAndProtocols) {
  for (const char* protocol : {"sao", "amop", "single-text-veto", "single-text-hill-climbing"}) {
    const RunResult run = Parley({"negotiate", "--protocol", protocol, "--summary"});
    EXPECT_EQ(run.exit_code, 0) << protocol << ": " << run.err;
    EXPECT_NE(run.out.find("doha-2019"), std::string::npos);
  }
  const RunResult timed = Parley({"negotiate", kLaptop, "--time", "0.05", "--summary"});
  ASSERT_EQ(timed.exit_code, 0) << timed.err;
  EXPECT_NE(timed.out.find("deadline 0.050 s"), std::string::npos) << timed.out;
  EXPECT_NE(timed.out.find("elapsed"), std::string::npos);
}

TEST(NegotiateCliTest, WritesTraceAndPlot) {
  const fs::path csv = Scratch("trace.csv"), jsonl = Scratch("trace.jsonl"),
                 svg = Scratch("plot.svg"), html = Scratch("plot.html");
  RunResult run =
      Parley({"negotiate", kLaptop, "--trace", csv.string(), "--plot", svg.string(), "--summary"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFile(csv).rfind("round,time,party,turn,action,", 0), 0u);
  EXPECT_NE(ReadFile(svg).find("</svg>"), std::string::npos);
  run = Parley({"negotiate", kLaptop, "--trace", jsonl.string(), "--plot", html.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(ReadFile(jsonl).substr(0, ReadFile(jsonl).find('\n')))["round"],
            1);
  EXPECT_EQ(ReadFile(html).rfind("<!DOCTYPE html>", 0), 0u);
  for (const auto& p : {csv, jsonl, svg, html}) fs::remove(p);
}

TEST(NegotiateCliTest, ErrorsAreOneLineWithExitCodeTwo) {
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{"negotiate", kLaptop, "--agents", "boulware,bulldozer"},
       "parley: unknown agent 'bulldozer'; known: aspiration, boa, boulware, conceder, "},
      {{"negotiate", kLaptop, "--protocol", "auction"},
       "parley: unknown protocol 'auction'; known: amop, sao, "},
      {{"negotiate", kLaptop, "--agents", "boulware,conceder,linear"},
       "the scenario has 2 parties but 3 agents were given"},
      {{"negotiate", kLaptop, "--agents", "time-dependent:e=x"}, "expected a number, got 'x'"},
      {{"negotiate", kLaptop, "--trace", "moves.txt"}, "expected a .csv, .jsonl"},
      {{"negotiate", kLaptop, "--plot", "plot.png"}, "expected a .svg, .html"},
      {{"negotiate", kLaptop, "--plot", "p.svg", "--plot-axes", "0,0"},
       "--plot-axes: expected two different parties"},
      {{"negotiate", kLaptop, "--plot-axes", "0,1"}, "requires --plot"},
      {{"analyze", kLaptop, "--plot", "analysis.png"}, "--plot: unknown plot format"},
      {{"negotiate", kLaptop, "--rounds", "5", "--time", "1"}, "excludes"},
      // Numbers: every one checked, the range readable.
      {{"negotiate", kLaptop, "--time", "nan"},
       "expected seconds above 0, up to 1000000, got 'nan'"},
      {{"negotiate", kLaptop, "--time", "inf"}, "got 'inf'"},
      {{"negotiate", kLaptop, "--time", "1e308"}, "got '1e308'"},
      {{"negotiate", kLaptop, "--time", "0"}, "got '0'"},
      {{"negotiate", kLaptop, "--time", "-1"}, "got '-1'"},
      {{"negotiate", kLaptop, "--analysis-time-limit", "inf"}, "got 'inf'"},
      {{"analyze", kLaptop, "--time-limit", "nan"}, "got 'nan'"},
      {{"negotiate", kLaptop, "--seed", "-1"},
       "expected a whole number from 0 to 18446744073709551615, got '-1'"},
      {{"negotiate", kLaptop, "--seed", "18446744073709551616"}, "got '18446744073709551616'"},
      {{"negotiate", kLaptop, "--rounds", "0"}, "--rounds: Value 0 not in range 1 to 100000000"},
      // Mistakes: the command's own help and the closest name.
      {{"negotiate", kLaptop, "--round", "5"},
       "not expected: --round; did you mean '--rounds'? (see parley negotiate --help)"},
      {{"analyse", kLaptop}, " analyse; did you mean 'analyze'? (see parley --help)"},
      {{"tournament", "--agents", "boulware,conceder", "--scenarios", kLaptop, "--self_play"},
       "did you mean '--self-play'? (see parley tournament --help)"},
      {{"negotiate", kLaptop, "--agents", "Boulware"},
       "unknown agent 'Boulware'; known: aspiration, "},
      {{"negotiate", kLaptop, "--agents", "Boulware"}, "; did you mean 'boulware'?"},
      {{"negotiate", kLaptop, "--protocol", "SAO"}, "; did you mean 'sao'?"},
      {{"negotiate", kLaptop, "--agents", "time-dependent:ee=1"}, "; did you mean 'e'?"},
  };
  for (const Case& c : cases) {
    const RunResult run = Parley(c.args);
    EXPECT_EQ(run.exit_code, 2) << c.expected;
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err.rfind("parley: ", 0), 0u) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_NE(run.err.find(c.expected), std::string::npos) << run.err;
  }
}

// An agent that crashes the process (SIGSEGV, abort) is named, in one line, and the exit code
// is 1 (an internal failure, not bad input). Without the handler the process dies by the signal.
TEST(NegotiateCliTest, ACrashingAgentIsNamed) {
  for (const char* mode : {"crash", "abort"}) {
    SCOPED_TRACE(mode);
    const std::string agent = std::string("misbehave:mode=") + mode + ",at=2";
    const RunResult run = Parley({"negotiate", kLaptop, "--agents", "boulware," + agent});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_NE(run.err.find("parley: agent '" + agent + "' (party 2, "), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find(std::string(") crashed the negotiation (") +
                           (std::string(mode) == "crash" ? "SIGSEGV" : "SIGABRT") + ")\n"),
              std::string::npos)
        << run.err;
  }
}

TEST(NegotiateCliTest, ListsAgentsAndProtocols) {
  RunResult run = Parley({"agents"});
  ASSERT_EQ(run.exit_code, 0);
  for (const char* name : {"boulware", "linear", "conceder", "time-dependent", "hardliner",
                           "random", "naive-tit-for-tat", "nice-tit-for-tat", "aspiration", "boa"})
    EXPECT_NE(("\n" + run.out).find(std::string("\n") + name + "\n"), std::string::npos) << name;
  EXPECT_NE(run.out.find("e=1"), std::string::npos);
  run = Parley({"agents", "--json"});
  ASSERT_EQ(run.exit_code, 0);
  bool hardheaded = false;
  for (const auto& a : nlohmann::json::parse(run.out)) {
    if (a["name"] == "hardheaded") {
      hardheaded = true;
      // An approximation claims no GENIUS class (docs/agents.md).
      EXPECT_TRUE(a["genius_class"].is_null());
    }
  }
  EXPECT_TRUE(hardheaded);
  run = Parley({"protocols", "--json"});
  ASSERT_EQ(run.exit_code, 0);
  const auto json = nlohmann::json::parse(run.out);
  ASSERT_TRUE(json.is_array());
  std::vector<std::string> names;
  for (const auto& p : json) names.push_back(p["name"]);
  for (const char* name : {"amop", "sao", "single-text-hill-climbing", "single-text-veto"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
}

}  // namespace
