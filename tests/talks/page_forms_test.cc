// The page as a working tool, end to end: `parley serve` on 127.0.0.1 and Debian's headless
// Chromium driven over the DevTools protocol (browser.h). Every kind of entry is recorded through
// the page's forms, as the mediator and as a party, and the API's state is checked after each;
// a refused entry shows its error next to the field; a party's form cannot write for another.

#include <httplib.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "browser.h"
#include "process.h"

namespace parley::testing {
namespace {

using nlohmann::json;

// Fills the form of `kind` (choosing its tab) with `fields` (name -> value; true/false for
// checkboxes), submits it and waits until the page has recorded it and rendered again. Returns
// {state, seq, message, errors: [[field, message]...]}.
constexpr const char* kFillScript = R"js(
window.parleyFill = async (kind, fields) => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  document.querySelector(`#forms .tabs button[data-kind="${kind}"]`).click();
  const form = document.getElementById(`form-${kind}`);
  for (const [name, value] of Object.entries(fields)) {
    let input = form.elements.namedItem(name);
    if (!input) {  // a field the form does not offer: added, as a hostile user could
      input = document.createElement("input");
      input.name = name;
      form.append(input);
    }
    if (input.type === "checkbox") input.checked = Boolean(value);
    else input.value = String(value);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
  form.requestSubmit();
  for (let i = 0; i < 600 && !["recorded", "refused"].includes(form.dataset.state); ++i)
    await sleep(25);
  for (let i = 0; i < 600 && document.body.dataset.ready !== "true"; ++i) await sleep(25);
  return {
    state: form.dataset.state ?? "",
    seq: Number(form.dataset.seq ?? 0),
    message: form.querySelector(".form-message").textContent,
    errors: [...form.querySelectorAll(".field-error")]
      .filter((e) => e.textContent)
      .map((e) => [e.dataset.for, e.textContent]),
  };
};
true
)js";

class PageFormsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(access("/usr/bin/chromium", X_OK), 0)
        << "Debian's chromium is needed for this test: apt-get install chromium";
    Completed imported = RunCommand(PARLEY_BINARY, {"talks", "import", "--db", db_});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    tokens_ = ParseTokens(imported.out);
    ASSERT_TRUE(server_.Start(PARLEY_BINARY, db_)) << server_.error();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_.port());
    client_->set_read_timeout(20, 0);
  }

  /// Opens the page as `token` and waits until it has rendered.
  void OpenPage(Browser& browser, const std::string& token) {
    static int run = 0;
    ASSERT_TRUE(
        browser.Open("http://127.0.0.1:" + std::to_string(server_.port()) + "/#token=" + token,
                     dir_.File("profile-" + std::to_string(run++))))
        << browser.error();
    ASSERT_TRUE(browser.WaitFor("document.body && document.body.dataset.ready === 'true'", 60))
        << browser.Eval("document.body ? document.body.innerText.slice(0, 2000) : ''").dump();
    ASSERT_EQ(browser.Eval(kFillScript), json(true));
  }

  json Fill(Browser& browser, const std::string& kind, const json& fields) {
    return browser.Eval("parleyFill(" + json(kind).dump() + ", " + fields.dump() + ")", 60);
  }

  json Api(const std::string& path, const std::string& token) {
    auto res = client_->Get(path.c_str(), {{"Authorization", "Bearer " + token}});
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }
  json Entry(int64_t seq) {
    const json entries = Api("/api/talks/1/entries", tokens_.mediator)["entries"];
    for (const json& e : entries)
      if (e["seq"] == seq) return e;
    return {};
  }
  json Issue(const std::string& name) {
    const json issues = Api("/api/talks/1/issues", tokens_.mediator)["issues"];
    for (const json& i : issues)
      if (i["name"] == name) return i;
    return {};
  }
  size_t EntryCount() { return Api("/api/talks/1/entries", tokens_.mediator)["entries"].size(); }

  TempDir dir_;
  std::string db_ = dir_.File("doha.db");
  PrintedTokens tokens_;
  ServerProcess server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(PageFormsTest, TheMediatorRecordsEveryKindOfEntryFromThePage) {
  Browser browser;
  OpenPage(browser, tokens_.mediator);

  // A refused entry: the error is next to the field it is about, and nothing is recorded.
  const size_t before = EntryCount();
  json refused = Fill(browser, "round", {{"date", "2999-01-01"}, {"title", "Never"}});
  EXPECT_EQ(refused["state"], "refused") << refused.dump();
  ASSERT_EQ(refused["errors"].size(), 1u) << refused.dump();
  EXPECT_EQ(refused["errors"][0][0], "date");
  EXPECT_NE(refused["errors"][0][1].get<std::string>().find("in the future"), std::string::npos);
  EXPECT_EQ(EntryCount(), before);

  json r = Fill(browser, "round",
                {{"date", "2019-04-28"},
                 {"title", "Sixth round"},
                 {"place", "Doha"},
                 {"end_date", "2019-05-09"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  json e = Entry(r["seq"]);
  EXPECT_EQ(e["kind"], "round");
  EXPECT_EQ(e["title"], "Sixth round");
  EXPECT_EQ(e["end_date"], "2019-05-09");
  EXPECT_EQ(e["round"], 3);

  r = Fill(browser, "proposal",
           {{"date", "2019-04-29"},
            {"values.troop_withdrawal", "full-in-14-months"},
            {"text", "Draft: withdrawal within 14 months"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  e = Entry(r["seq"]);
  EXPECT_EQ(e["party"], nullptr);
  EXPECT_EQ(e["round"], 3) << "the latest round by that date";
  json table = Api("/api/talks/1/status", tokens_.mediator)["on_the_table"];
  EXPECT_EQ(table["draft"]["text"], "Draft: withdrawal within 14 months");

  r = Fill(browser, "position",
           {{"date", "2019-04-29"},
            {"party", "Taliban"},
            {"values.ceasefire", "reduction-in-violence"},
            {"conditions", "if ceasefire=comprehensive then troop_withdrawal=full-in-14-months"},
            {"text", "a reduction in violence, no more"},
            {"source_kind", "statement"},
            {"source", "Taliban spokesman"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  e = Entry(r["seq"]);
  EXPECT_EQ(e["party"], "Taliban");
  EXPECT_EQ(e["conditions"].size(), 1u);
  EXPECT_EQ(e["source"], "Taliban spokesman");

  r = Fill(browser, "agreement",
           {{"date", "2019-04-30"}, {"values.troop_withdrawal", "full-in-14-months"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  EXPECT_EQ(Issue("troop_withdrawal")["status"], "agreed-in-draft");

  r = Fill(browser, "reopening",
           {{"date", "2019-05-01"}, {"issue.troop_withdrawal", true}, {"text", "timing again"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  EXPECT_EQ(Issue("troop_withdrawal")["status"], "reopened");

  r = Fill(browser, "vote",
           {{"date", "2019-05-02"}, {"party", "Afghan government"}, {"accept", "false"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  e = Entry(r["seq"]);
  EXPECT_EQ(e["party"], "Afghan government");
  EXPECT_EQ(e["accept"], false);

  r = Fill(browser, "note", {{"date", "2019-05-02"}, {"text", "a note to retract"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  const int64_t note = r["seq"];

  r = Fill(browser, "retraction", {{"retracts", note}, {"text", "noted in error"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  EXPECT_EQ(Entry(note)["retracted_by"], r["seq"]);
  EXPECT_EQ(Entry(note)["retraction_reason"], "noted in error");

  r = Fill(browser, "profile",
           {{"party", "United States"}, {"origin", "entered"}, {"reservation", "0.45"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  json profile = Api("/api/talks/1/profiles/United%20States", tokens_.mediator);
  EXPECT_EQ(profile["origin"], "entered");
  EXPECT_DOUBLE_EQ(profile["profile"]["reservation"].get<double>(), 0.45);
  // The form started from the estimate: the weights and values are the recorded ones.
  EXPECT_GT(profile["profile"]["weights"]["troop_withdrawal"].get<double>(), 0);

  // The page shows what it recorded: late and retracted marks in the list.
  EXPECT_EQ(browser.Eval("document.querySelector('tr.entry.retracted') !== null"), json(true));
  EXPECT_TRUE(Api("/api/talks/1/entries", tokens_.mediator).is_object());
  const std::string png = std::string(PARLEY_SCREENSHOT_DIR) + "/talks-page-mediator.png";
  EXPECT_TRUE(browser.Screenshot(png));
}

TEST_F(PageFormsTest, APartyRecordsForItselfOnlyAndEditsItsOwnProfile) {
  Browser browser;
  OpenPage(browser, tokens_.For("Taliban"));
  // Only its kinds, and no party to choose in any of them.
  EXPECT_EQ(browser.Eval("[...document.querySelectorAll('#forms .tabs button')].map(b => "
                         "b.dataset.kind).join(',')"),
            json("proposal,position,agreement,reopening,vote,profile"));
  for (const char* kind : {"proposal", "position", "agreement", "reopening", "vote", "profile"})
    EXPECT_EQ(browser.Eval(std::string("document.querySelector('#forms .tabs button[data-kind=\"") +
                           kind +
                           "\"]').click(), document.querySelector('#forms "
                           "[name=party]') === null"),
              json(true))
        << kind;

  json r = Fill(browser, "proposal",
                {{"date", "2019-03-12"},
                 {"values.political_settlement", "interim-government"},
                 {"text", "an interim government"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  json e = Entry(r["seq"]);
  EXPECT_EQ(e["party"], "Taliban");
  json table = Api("/api/talks/1/status", tokens_.mediator)["on_the_table"]["proposals"];
  bool on_table = false;
  for (const json& t : table)
    on_table |= t["party"] == "Taliban" && t["value"] == "interim-government";
  EXPECT_TRUE(on_table) << table.dump();

  r = Fill(browser, "position",
           {{"date", "2019-03-12"},
            {"text", "foreign forces must leave"},
            {"conditions",
             "if ceasefire=ceasefire-with-us then "
             "troop_withdrawal=full-in-14-months"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  EXPECT_EQ(Entry(r["seq"])["party"], "Taliban");

  r = Fill(browser, "agreement",
           {{"date", "2019-03-12"}, {"values.troop_withdrawal", "full-in-14-months"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  EXPECT_EQ(Entry(r["seq"])["party"], "Taliban");

  r = Fill(browser, "reopening", {{"date", "2019-03-12"}, {"issue.counter_terrorism", true}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  EXPECT_EQ(Issue("counter_terrorism")["status"], "reopened");

  r = Fill(browser, "vote", {{"date", "2019-03-12"}, {"accept", "true"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  EXPECT_EQ(Entry(r["seq"])["accept"], true);

  r = Fill(browser, "profile", {{"reservation", "0.35"}});
  ASSERT_EQ(r["state"], "recorded") << r.dump();
  json mine = Api("/api/talks/1/profiles/Taliban", tokens_.For("Taliban"));
  EXPECT_EQ(mine["origin"], "entered");
  EXPECT_DOUBLE_EQ(mine["profile"]["reservation"].get<double>(), 0.35);

  // Writing for another party through the form (a field added by hand) is refused by the API
  // and shown next to the party; the record does not change.
  const size_t before = EntryCount();
  r = Fill(browser, "vote",
           {{"date", "2019-03-12"}, {"accept", "true"}, {"party", "United States"}});
  EXPECT_EQ(r["state"], "refused") << r.dump();
  EXPECT_NE(r["message"].get<std::string>().find("only for itself"), std::string::npos) << r.dump();
  EXPECT_EQ(EntryCount(), before);
  r = Fill(browser, "profile", {{"reservation", "0.9"}, {"party", "United States"}});
  EXPECT_EQ(r["state"], "refused") << r.dump();
  EXPECT_EQ(Api("/api/talks/1/profiles/United%20States", tokens_.mediator)["origin"], "estimated");

  // Its what-if, from its own profile alone.
  EXPECT_EQ(browser.Eval("document.getElementById('whatif-note').textContent.startsWith('From "
                         "your own profile alone')"),
            json(true));
  const std::string png = std::string(PARLEY_SCREENSHOT_DIR) + "/talks-page-party.png";
  EXPECT_TRUE(browser.Screenshot(png));
}

TEST_F(PageFormsTest, TheReplaysSayWhichTheyShowAndWhatIfFixesIssues) {
  Browser browser;
  OpenPage(browser, tokens_.mediator);
  auto set_and_wait = [&](const std::string& script) {
    browser.Eval(script +
                 "; document.body.dataset.ready = 'pending';"
                 "document.getElementById('replay-mode').dispatchEvent(new "
                 "Event('change'));");
    return browser.WaitFor("document.body.dataset.ready === 'true'", 60);
  };
  ASSERT_TRUE(
      set_and_wait("document.getElementById('replay-mode').value = 'as_of';"
                   "document.getElementById('as-of').value = '2019-02-01'"));
  EXPECT_EQ(browser.Eval("document.getElementById('replay-label').textContent"),
            json("Showing what happened by 2019-02-01, as the record now says (event dates)."));
  EXPECT_EQ(browser.Eval("document.getElementById('record').hidden"), json(true))
      << "a past view is read-only";
  ASSERT_TRUE(
      set_and_wait("document.getElementById('replay-mode').value = 'known_at';"
                   "document.getElementById('known-at').value = '2000-01-01T00:00'"));
  EXPECT_EQ(browser.Eval("document.getElementById('replay-label').textContent"),
            json("Showing what was known at 2000-01-01T00:00:00Z (only entries recorded by "
                 "then)."));
  EXPECT_EQ(browser.Eval("document.querySelectorAll('#entries tr.entry').length"), json(0));
  ASSERT_TRUE(set_and_wait("document.getElementById('replay-mode').value = 'latest'"));
  // What-if: fix the withdrawal; the note and the Nash package follow.
  browser.Eval(
      "const s = document.querySelector('#whatif-form select[name=troop_withdrawal]');"
      "s.value = 'full-in-14-months'; s.dispatchEvent(new Event('change'));");
  ASSERT_TRUE(browser.WaitFor(
      "document.getElementById('whatif-note')?.textContent.includes('troop_withdrawal="
      "full-in-14-months')",
      60));
  const json nash = browser.Eval("document.getElementById('nash').textContent");
  EXPECT_TRUE(nash.get<std::string>().find("troop_withdrawal=full-in-14-months") !=
                  std::string::npos ||
              nash.get<std::string>().find("no Nash package") != std::string::npos)
      << nash.dump();
}

}  // namespace
}  // namespace parley::testing
