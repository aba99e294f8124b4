#include "parley/io/scenario_io.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "parley/io/genius.h"
#include "parley/io/geniusweb.h"

namespace parley {
namespace {

namespace fs = std::filesystem;

std::string Data(const std::string& rel) { return std::string(PARLEY_SHARED_DATA_DIR) + "/" + rel; }

Result<LoadedScenario> Load(const std::string& path, LoadOptions options = {}) {
  std::vector<std::string> paths{path};
  return LoadScenario(paths, options);
}

/// Every folder under `root` that holds files (the scenario folders), sorted.
std::vector<std::string> ScenarioFolders(const std::string& root) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    bool has_files = false;
    for (const auto& f : fs::directory_iterator(entry.path()))
      if (f.is_regular_file()) has_files = true;
    if (has_files) out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// A fresh empty folder under the system's temporary folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = (fs::temp_directory_path() /
             ("parley_io_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++)))
                .string();
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::string path_;
};

bool Near(double a, double b) { return std::abs(a - b) <= 1e-12; }

/// Equal scenarios up to name and source, weights and tables to 1e-12.
void ExpectEquivalent(const Scenario& a, const Scenario& b) {
  ASSERT_EQ(a.space, b.space);
  ASSERT_EQ(a.parties.size(), b.parties.size());
  for (size_t p = 0; p < a.parties.size(); ++p) {
    const Profile& x = a.parties[p].profile;
    const Profile& y = b.parties[p].profile;
    SCOPED_TRACE("party " + a.parties[p].name);
    EXPECT_EQ(a.parties[p].name, b.parties[p].name);
    EXPECT_EQ(x.reservation_value, y.reservation_value);
    EXPECT_EQ(x.discount_factor, y.discount_factor);
    ASSERT_EQ(x.IsAdditive(), y.IsAdditive());
    if (!x.IsAdditive()) {
      EXPECT_EQ(x.rectangles(), y.rectangles());
      continue;
    }
    for (size_t i = 0; i < a.space.NumIssues(); ++i) {
      EXPECT_TRUE(Near(x.additive().weights[i], y.additive().weights[i]));
      const ValueFunction& f = x.additive().issues[i];
      const ValueFunction& g = y.additive().issues[i];
      EXPECT_EQ(f.form, g.form);
      EXPECT_EQ(f.a, g.a);
      EXPECT_EQ(f.b, g.b);
      EXPECT_EQ(f.c, g.c);
      ASSERT_EQ(f.table.size(), g.table.size());
      for (size_t v = 0; v < f.table.size(); ++v) EXPECT_TRUE(Near(f.table[v], g.table[v]));
    }
  }
}

struct Expected {
  std::string folder;
  double outcomes;
  size_t issues;
  size_t parties;
};

TEST(ScenarioDataTest, KnownSizes) {
  const std::vector<Expected> expected = {
      {"genius/y2010/Travel", 188160, 7, 2},
      {"genius/y2011/Energy", 390625, 8, 2},
      {"genius/y2012/SupermarketA", 112896, 6, 2},
      {"genius/y2015/group9-killer_robot", 240000, 6, 5},
      {"genius/templates/partydomain", 3072, 6, 17},
      {"genius/templates/linear/IntegerDomain", 121, 2, 2},
      {"genius/y2014/10issues", 1e10, 10, 2},
      {"genius/y2014/30issuesDiscountedwithRV", 1e30, 30, 2},
      {"genius/y2014/50issues", 1e40, 40, 2},
      {"anl2023/domain00", 6480, 5, 2},
      {"anl2023/domain09", 432, 7, 2},
  };
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.folder);
    auto loaded = Load(Data(e.folder));
    ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
    EXPECT_DOUBLE_EQ(loaded->scenario.space.Size(), e.outcomes);
    EXPECT_EQ(loaded->scenario.space.NumIssues(), e.issues);
    EXPECT_EQ(loaded->scenario.NumParties(), e.parties);
    EXPECT_EQ(loaded->scenario.name, fs::path(e.folder).filename().string());
  }
}

TEST(ScenarioDataTest, EveryFolderLoadsOrFailsClearly) {
  size_t genius = 0, geniusweb = 0, nonlinear = 0;
  for (const std::string& root : {Data("genius"), Data("anl2023")}) {
    for (const std::string& folder : ScenarioFolders(root)) {
      SCOPED_TRACE(folder);
      auto loaded = Load(folder);
      if (folder.find("2nd_hand_car") != std::string::npos) {
        // The dealer's Price issue uses GENIUS's long-gone "price" evaluator: no <evaluator>.
        ASSERT_FALSE(loaded.ok());
        EXPECT_EQ(fs::path(loaded.error().file).filename(), "car_dealer.xml");
        EXPECT_EQ(loaded.error().line, 88);
        EXPECT_EQ(loaded.error().field, "issue 'Price'.evaluator");
        continue;
      }
      ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
      EXPECT_TRUE(ValidateScenario(loaded->scenario).ok());
      if (loaded->format == ScenarioFormat::kGenius) ++genius;
      if (loaded->format == ScenarioFormat::kGeniusWeb) ++geniusweb;
      if (!loaded->scenario.parties[0].profile.IsAdditive()) {
        ++nonlinear;
        bool skipped_pareto = false;
        for (const std::string& note : loaded->notes)
          if (note.find("skipped pareto.xml") != std::string::npos) skipped_pareto = true;
        EXPECT_TRUE(skipped_pareto);
      }
    }
  }
  EXPECT_EQ(genius, 111u);  // every GENIUS folder but 2nd_hand_car
  EXPECT_EQ(geniusweb, 25u);
  EXPECT_EQ(nonlinear, 12u);
}

TEST(ScenarioDataTest, AnlIssueOrderMatchesSpecialsBids) {
  for (int d = 0; d < 25; ++d) {
    char name[32];
    std::snprintf(name, sizeof name, "anl2023/domain%02d", d);
    SCOPED_TRACE(name);
    auto loaded = Load(Data(name));
    ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
    std::ifstream in(Data(std::string(name) + "/specials.json"));
    const auto specials = nlohmann::ordered_json::parse(in);
    std::vector<std::string> bid_order;
    for (const auto& [issue, value] : specials["nash"]["bid"].items()) bid_order.push_back(issue);
    std::vector<std::string> ours;
    for (const Issue& issue : loaded->scenario.space.issues()) ours.push_back(issue.name);
    EXPECT_EQ(ours, bid_order);
    EXPECT_DOUBLE_EQ(loaded->scenario.space.Size(), specials["size"].get<double>());
    // The Nash bid's utilities as specials.json states them.
    Outcome nash;
    for (size_t i = 0; i < ours.size(); ++i)
      nash.push_back(*loaded->scenario.space.issue(i).Find(
          specials["nash"]["bid"][ours[i]].get<std::string>()));
    for (size_t p = 0; p < 2; ++p)
      EXPECT_NEAR(EvaluateUtility(loaded->scenario.parties[p].profile, nash),
                  specials["nash"]["utility"][p].get<double>(), 1e-6);
  }
}

TEST(ScenarioDataTest, RoundTripEveryScenarioInItsOwnFormat) {
  size_t count = 0;
  for (const std::string& root : {Data("genius"), Data("anl2023")}) {
    for (const std::string& folder : ScenarioFolders(root)) {
      auto loaded = Load(folder);
      if (!loaded) continue;  // 2nd_hand_car, checked above
      SCOPED_TRACE(folder);
      TempDir out;
      auto report = WriteScenario(loaded->scenario, loaded->format, out.path());
      ASSERT_TRUE(report.ok()) << report.error().ToString();
      EXPECT_TRUE(report->dropped.empty()) << report->dropped[0];
      EXPECT_EQ(report->files.size(), loaded->scenario.NumParties() + 1);
      auto back = Load(out.path());
      ASSERT_TRUE(back.ok()) << back.error().ToString();
      EXPECT_EQ(back->format, loaded->format);
      ExpectEquivalent(loaded->scenario, back->scenario);
      ++count;
    }
  }
  EXPECT_EQ(count, 136u);
}

TEST(ScenarioDataTest, GeniusToGeniusWebAndBack) {
  for (const std::string folder : {"genius/y2010/Travel", "genius/y2015/group2-dinner",
                                   "genius/templates/linear/IntegerDomain"}) {
    SCOPED_TRACE(folder);
    auto loaded = Load(Data(folder));
    ASSERT_TRUE(loaded.ok());
    TempDir out;
    auto report = WriteScenario(loaded->scenario, ScenarioFormat::kGeniusWeb, out.path());
    ASSERT_TRUE(report.ok()) << report.error().ToString();
    auto back = Load(out.path());
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    ASSERT_EQ(back->scenario.NumParties(), loaded->scenario.NumParties());
    // Utilities agree on every outcome (the space may differ in kind: IntegerDomain's clamped
    // evaluators are not linear, so its issues become discrete).
    ASSERT_EQ(back->scenario.space.Size(), loaded->scenario.space.Size());
    Outcome o(loaded->scenario.space.NumIssues(), 0);
    do {
      for (size_t p = 0; p < loaded->scenario.NumParties(); ++p)
        ASSERT_NEAR(EvaluateUtility(loaded->scenario.parties[p].profile, o),
                    EvaluateUtility(back->scenario.parties[p].profile, o), 1e-12);
    } while (loaded->scenario.space.Next(o));
  }
}

TEST(ScenarioDataTest, EveryScenarioThroughNativeAndBack) {
  size_t count = 0;
  for (const std::string& root : {Data("genius"), Data("anl2023")}) {
    for (const std::string& folder : ScenarioFolders(root)) {
      auto loaded = Load(folder);
      if (!loaded) continue;
      SCOPED_TRACE(folder);
      TempDir out;
      const std::string file = out.path() + "/scenario.yaml";
      auto report = WriteScenario(loaded->scenario, ScenarioFormat::kNative, file);
      ASSERT_TRUE(report.ok()) << report.error().ToString();
      EXPECT_TRUE(report->dropped.empty());
      auto back = Load(file);
      ASSERT_TRUE(back.ok()) << back.error().ToString();
      EXPECT_EQ(back->format, ScenarioFormat::kNative);
      EXPECT_EQ(back->scenario.space, loaded->scenario.space);
      EXPECT_EQ(back->scenario.parties, loaded->scenario.parties);
      ++count;
    }
  }
  EXPECT_EQ(count, 136u);
}

TEST(ScenarioIoTest, BuiltinScenario) {
  std::vector<std::string> none;
  auto loaded = LoadScenario(none);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded->format, ScenarioFormat::kNative);
  EXPECT_EQ(loaded->scenario.name, BuiltinScenarioNames().front());
  auto named = Load(BuiltinScenarioNames().front());
  ASSERT_TRUE(named.ok()) << named.error().ToString();
  EXPECT_EQ(named->scenario, loaded->scenario);
  auto unknown = Load("no-such-scenario");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_NE(unknown.error().message.find(BuiltinScenarioNames().front()), std::string::npos);
}

TEST(ScenarioIoTest, NativeFolderAndLists) {
  TempDir dir;
  auto loaded = Load(BuiltinScenarioNames().front());
  ASSERT_TRUE(loaded.ok());
  auto text = BuiltinScenarioText(BuiltinScenarioNames().front());
  ASSERT_TRUE(text.ok());
  const std::string file = dir.Write("talks.yaml", *text);
  auto from_folder = Load(dir.path());
  ASSERT_TRUE(from_folder.ok()) << from_folder.error().ToString();
  EXPECT_EQ(from_folder->scenario.parties, loaded->scenario.parties);
  dir.Write("other.yml", *text);
  EXPECT_FALSE(Load(dir.path()).ok());  // two native files: ambiguous
  std::vector<std::string> two = {file, dir.path() + "/other.yml"};
  EXPECT_FALSE(LoadScenario(two).ok());
}

TEST(ScenarioIoTest, NonlinearCannotBeWrittenAsGeniusWeb) {
  auto loaded = Load(Data("genius/y2014/10issues"));
  ASSERT_TRUE(loaded.ok());
  TempDir out;
  auto report = WriteScenario(loaded->scenario, ScenarioFormat::kGeniusWeb, out.path());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kUnsupported);
}

TEST(ScenarioIoTest, ListsOfFiles) {
  const std::string travel = Data("genius/y2010/Travel/");
  // Profiles first, domain last: the domain is recognised by its root element.
  std::vector<std::string> files = {travel + "travel_fanny.xml", travel + "travel_chox.xml",
                                    travel + "travel_domain.xml"};
  auto loaded = LoadScenario(files);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded->format, ScenarioFormat::kGenius);
  ASSERT_EQ(loaded->scenario.NumParties(), 2u);
  EXPECT_EQ(loaded->scenario.parties[0].name, "travel_fanny");  // the order given

  const std::string anl = Data("anl2023/domain03/");
  std::vector<std::string> json = {anl + "profileB.json", anl + "profileA.json"};
  auto gw = LoadScenario(json);
  ASSERT_TRUE(gw.ok()) << gw.error().ToString();
  EXPECT_EQ(gw->format, ScenarioFormat::kGeniusWeb);
  EXPECT_EQ(gw->scenario.parties[0].name, "profileB");

  std::vector<std::string> mixed = {travel + "travel_chox.xml", anl + "profileA.json"};
  auto m = LoadScenario(mixed);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("mix formats"), std::string::npos);

  std::vector<std::string> pareto = {Data("genius/y2014/10issues/pareto.xml"),
                                     Data("genius/y2014/10issues/10issues-domain.xml")};
  auto p = LoadScenario(pareto);
  ASSERT_FALSE(p.ok());  // named explicitly, a non-XML file is an error, not a skip
  EXPECT_EQ(fs::path(p.error().file).filename(), "pareto.xml");

  auto missing = Load(Data("no/such/folder.xml"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(ScenarioIoTest, BrokenProfileInFolderIsAnErrorNotASkip) {
  TempDir dir;
  const std::string travel = Data("genius/y2010/Travel/");
  for (const char* f : {"travel_domain.xml", "travel_chox.xml"}) fs::copy(travel + f, dir.path());
  std::ifstream in(travel + "travel_fanny.xml");
  std::stringstream text;
  text << in.rdbuf();
  dir.Write("travel_fanny.xml", text.str().substr(0, 400));  // truncated
  dir.Write("notes.txt", "not a scenario file");
  auto loaded = Load(dir.path());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(fs::path(loaded.error().file).filename(), "travel_fanny.xml");
  EXPECT_GT(loaded.error().line, 1);
}

// GENIUS clamps a linear real evaluator to [0, 1]; car_buyer.xml's Price evaluator reaches 1.45
// at 13000. Written as native, the form alone would read back unclamped (and be refused), so the
// writer must keep the table, and the file must read back to the same utilities.
TEST(ScenarioIoTest, ClampedGeniusLinearEvaluatorSurvivesNative) {
  TempDir dir;
  const std::string car = Data("genius/templates/2nd_hand_car/");
  fs::copy(car + "car_domain.xml", dir.path());
  fs::copy(car + "car_buyer.xml", dir.path());
  fs::copy(car + "car_buyer.xml", dir.path() + "/car_buyer2.xml");
  auto loaded = Load(dir.path());
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  const std::string out = dir.path() + "/out/car.yaml";
  auto report = WriteScenario(loaded->scenario, ScenarioFormat::kNative, out);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_TRUE(report->dropped.empty());
  auto back = Load(out);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  ExpectEquivalent(loaded->scenario, back->scenario);
}

// Converting into a folder that holds other scenario files would leave them to be read back
// with the new ones; the writer refuses, names the folder and the files, and writes nothing.
TEST(ScenarioIoTest, WritingAFolderRefusesStrayScenarioFiles) {
  TempDir dir;
  auto travel = Load(Data("genius/y2010/Travel"));
  auto laptop = Load(Data("genius/y2011/Laptop"));
  ASSERT_TRUE(travel.ok() && laptop.ok());
  for (ScenarioFormat format : {ScenarioFormat::kGenius, ScenarioFormat::kGeniusWeb}) {
    SCOPED_TRACE(std::string(FormatName(format)));
    const std::string out = dir.path() + "/" + std::string(FormatName(format));
    ASSERT_TRUE(WriteScenario(travel->scenario, format, out).ok());
    // The same scenario again replaces its own files; other files are no obstacle.
    dir.Write(std::string(FormatName(format)) + "/README.txt", "notes");
    ASSERT_TRUE(WriteScenario(travel->scenario, format, out).ok());
    auto again = Load(out);
    ASSERT_TRUE(again.ok()) << again.error().ToString();
    EXPECT_EQ(again->scenario.parties.size(), 2u);
    // Another scenario into the same folder: refused, and nothing changed.
    std::vector<std::string> before;
    for (const auto& entry : fs::directory_iterator(out))
      before.push_back(entry.path().filename().string());
    std::sort(before.begin(), before.end());
    auto refused = WriteScenario(laptop->scenario, format, out);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(refused.error().file, out);
    for (const std::string& name : before) {
      if (name == "README.txt") continue;
      EXPECT_NE(refused.error().message.find(name), std::string::npos)
          << name << ": " << refused.error().ToString();
    }
    std::vector<std::string> after;
    for (const auto& entry : fs::directory_iterator(out))
      after.push_back(entry.path().filename().string());
    std::sort(after.begin(), after.end());
    EXPECT_EQ(before, after);
  }
}

std::string ReadAll(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A broken domain or profile in a folder is an error naming it, not a skipped file: a mistyped
// root element, an empty file, a .json that is not JSON, a profile key with a typo.
TEST(ScenarioIoTest, BrokenFilesInFolderAreErrorsNamingThem) {
  struct Case {
    std::string source, name, text;
    int line;
    std::string message_part;
  };
  const std::string travel = Data("genius/y2010/Travel/");
  const std::string anl = Data("anl2023/domain00/");
  std::string typo_root = ReadAll(travel + "travel_fanny.xml");
  for (size_t at; (at = typo_root.find("utility_space")) != std::string::npos;)
    typo_root.replace(at, 13, "utilityspace");
  std::string typo_key = ReadAll(anl + "profileA.json");
  typo_key.replace(typo_key.find("LinearAdditiveUtilitySpace"), 26, "LinearAdditiveUtilitySpce");
  const std::vector<Case> cases{
      {travel, "travel_fanny.xml", typo_root, 1, "root element <utilityspace>"},
      {travel, "travel_fanny.xml", "", 1, "empty"},
      {travel, "travel_fanny.xml", "  \n", 1, "empty"},
      {travel, "travel_fanny.xml", "<utility_space>\n<objective", 2, ""},
      {anl, "profileA.json", "garbage", 1, "not valid JSON"},
      {anl, "profileA.json", "", 1, "not valid JSON"},
      {anl, "profileA.json", typo_key, 2, "LinearAdditiveUtilitySpce"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name + ": " + c.text.substr(0, 40));
    TempDir dir;
    for (const auto& entry : fs::directory_iterator(c.source))
      if (entry.path().filename() != c.name) fs::copy(entry.path(), dir.path());
    dir.Write(c.name, c.text);
    auto loaded = Load(dir.path());
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(fs::path(loaded.error().file).filename(), c.name) << loaded.error().ToString();
    EXPECT_EQ(loaded.error().line, c.line) << loaded.error().ToString();
    EXPECT_NE(loaded.error().message.find(c.message_part), std::string::npos)
        << loaded.error().ToString();
  }
}

// What is no scenario file is still skipped, with a note: plain text with an .xml name (ANAC
// 2014's pareto.xml), XML with an unrelated root, JSON of another shape.
TEST(ScenarioIoTest, FilesThatAreNoScenarioFilesAreSkipped) {
  TempDir genius;
  const std::string travel = Data("genius/y2010/Travel/");
  for (const char* f : {"travel_domain.xml", "travel_chox.xml", "travel_fanny.xml"})
    fs::copy(travel + f, genius.path());
  genius.Write("pareto.xml", "0.5, 0.75\n0.8, 0.25\n");
  genius.Write("build.xml", "<?xml version=\"1.0\"?>\n<project name=\"x\"/>\n");
  auto g = Load(genius.path());
  ASSERT_TRUE(g.ok()) << g.error().ToString();
  EXPECT_EQ(g->scenario.parties.size(), 2u);
  std::string notes;
  for (const std::string& note : g->notes) notes += note + "\n";
  EXPECT_NE(notes.find("skipped pareto.xml"), std::string::npos) << notes;
  EXPECT_NE(notes.find("skipped build.xml"), std::string::npos) << notes;

  TempDir web;
  const std::string anl = Data("anl2023/domain00/");
  for (const char* f : {"domain00.json", "profileA.json", "profileB.json", "specials.json"})
    fs::copy(anl + f, web.path());
  web.Write("list.json", "[1, 2, 3]");
  web.Write("settings.json", "{\"verbose\": true}");
  auto w = Load(web.path());
  ASSERT_TRUE(w.ok()) << w.error().ToString();
  EXPECT_EQ(w->scenario.parties.size(), 2u);
  notes.clear();
  for (const std::string& note : w->notes) notes += note + "\n";
  for (const char* f : {"specials.json", "list.json", "settings.json"})
    EXPECT_NE(notes.find(std::string("skipped ") + f), std::string::npos) << notes;
}

TEST(ScenarioIoTest, FolderWithTwoDomainsIsAnError) {
  TempDir dir;
  const std::string travel = Data("genius/y2010/Travel/");
  fs::copy(travel + "travel_domain.xml", dir.path() + "/a.xml");
  fs::copy(travel + "travel_domain.xml", dir.path() + "/b.xml");
  auto loaded = Load(dir.path());
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("more than one"), std::string::npos);
}

TEST(ScenarioIoTest, ProfileOfAnotherDomain) {
  TempDir dir;
  fs::copy(Data("genius/y2010/Travel/travel_domain.xml"), dir.path());
  fs::copy(Data("genius/y2010/Travel/travel_chox.xml"), dir.path());
  fs::copy(Data("genius/y2011/Energy/energy_consumer.xml"), dir.path());
  auto loaded = Load(dir.path());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(fs::path(loaded.error().file).filename(), "energy_consumer.xml");
  EXPECT_NE(loaded.error().message.find("another domain"), std::string::npos);
  EXPECT_GT(loaded.error().line, 0);
}

TEST(ScenarioIoTest, GeniusWebProfileOfAnotherDomain) {
  TempDir dir;
  const std::string anl = Data("anl2023/domain00/");
  fs::copy(anl + "domain00.json", dir.path());
  fs::copy(anl + "profileA.json", dir.path());
  std::ifstream in(anl + "profileB.json");
  std::stringstream text;
  text << in.rdbuf();
  std::string other = text.str();
  // Rename a value in profileB's embedded domain and in its utilities alike: a valid profile,
  // but of another domain.
  for (size_t at = other.find("\"valueH\""); at != std::string::npos;
       at = other.find("\"valueH\"", at + 1))
    other.replace(at, 8, "\"valueZ\"");
  dir.Write("profileB.json", other);
  auto loaded = Load(dir.path());
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(fs::path(loaded.error().file).filename(), "profileB.json");
  EXPECT_NE(loaded.error().message.find("another domain"), std::string::npos);
  EXPECT_GT(loaded.error().line, 1);

  // Issue order: the domain file's, even when a profile lists its issues otherwise.
  TempDir reordered;
  fs::copy(anl + "profileA.json", reordered.path());
  fs::copy(anl + "profileB.json", reordered.path());
  reordered.Write("domain.json", R"({"name": "d", "issuesValues": {
    "issueE": {"values": ["valueA", "valueB", "valueC", "valueD", "valueE", "valueF", "valueG",
                          "valueH", "valueI", "valueJ", "valueK", "valueL", "valueM", "valueN",
                          "valueO"]},
    "issueA": {"values": ["valueA", "valueB", "valueC"]},
    "issueB": {"values": ["valueA", "valueB", "valueC", "valueD", "valueE", "valueF", "valueG",
                          "valueH"]},
    "issueC": {"values": ["valueA", "valueB"]},
    "issueD": {"values": ["valueA", "valueB", "valueC", "valueD", "valueE", "valueF", "valueG",
                          "valueH", "valueI"]}}})");
  auto original = Load(Data("anl2023/domain00"));
  auto r = Load(reordered.path());
  ASSERT_TRUE(original.ok());
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->scenario.space.issue(0).name, "issueE");
  Outcome o = {1, 2, 3, 0, 4};     // issueE, A, B, C, D
  Outcome same = {2, 3, 0, 4, 1};  // issueA, B, C, D, E
  for (size_t p = 0; p < 2; ++p)
    EXPECT_DOUBLE_EQ(EvaluateUtility(r->scenario.parties[p].profile, o),
                     EvaluateUtility(original->scenario.parties[p].profile, same));
}

TEST(ScenarioIoTest, FormatNames) {
  for (ScenarioFormat f :
       {ScenarioFormat::kNative, ScenarioFormat::kGenius, ScenarioFormat::kGeniusWeb})
    EXPECT_EQ(ParseFormatName(FormatName(f)), f);
  EXPECT_EQ(ParseFormatName("GeniusWeb"), ScenarioFormat::kGeniusWeb);
  EXPECT_FALSE(ParseFormatName("csv"));
}

}  // namespace
}  // namespace parley
