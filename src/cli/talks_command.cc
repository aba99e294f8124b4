// `parley talks ...`: the ledger of real talks from the command line. Parsing and printing
// only; the ledger, the status and the views are in the talks module (docs/ledger.md).

#include <ctime>
#include <fstream>
#include <memory>

#include "commands.h"
#include "output.h"
#include "parley/io/scenario_io.h"
#include "parley/talks/ledger.h"
#include "parley/talks/profile_json.h"
#include "parley/talks/talks_analysis.h"
#include "parley/talks/talks_report.h"
#include "parley/talks/talks_setup.h"
#include "parley/talks/talks_status.h"
#include "parley/talks/talks_views.h"
#include "talks_json.h"

namespace parley::cli {

namespace {

constexpr const char* kDefaultDb = "parley-talks.db";

/// Options every `talks` subcommand takes.
struct Common {
  std::string db = kDefaultDb;
  std::string talks;
};

/// The options of the subcommands that append an entry.
struct EntryArgs {
  Common common;
  std::string date;
  int round = 0;  // 0: the latest round, if any
  std::string party;
  std::vector<std::string> set;         // ISSUE=VALUE
  std::vector<std::string> conditions;  // condition syntax
  std::vector<std::string> issues;      // reopen
  std::string text;
  std::string source_kind;
  std::string source;
  std::string title, place, end_date;    // round
  bool accept = false, reject = false;   // vote
  std::string file, origin = "entered";  // profile
  bool correction = false;               // round
  int64_t retracts = 0;                  // retraction
};

void AddCommon(CLI::App* command, Common& common) {
  command->add_option("--db", common.db, "Ledger file (default: ./parley-talks.db)");
  command->add_option("--talks", common.talks,
                      "Which negotiation in the ledger (default: the only one)");
}

std::string Today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

struct Opened {
  Ledger ledger;
  TalksInfo info;
};

Result<Opened> OpenTalks(const Common& common) {
  PARLEY_ASSIGN_OR_RETURN(Ledger ledger, Ledger::Open(common.db, {.create = false}));
  PARLEY_ASSIGN_OR_RETURN(TalksInfo info, ledger.FindTalks(common.talks));
  return Opened{std::move(ledger), std::move(info)};
}

void PrintTokens(const NewTalks& created, const Scenario& structure) {
  std::printf("created negotiation '%s' (id %lld)\n", created.info.name.c_str(),
              static_cast<long long>(created.info.id));
  if (created.profiles > 0)
    std::printf("recorded %d estimated profile(s) from the scenario\n", created.profiles);
  std::printf("access tokens (shown once; keep them secret):\n");
  std::printf("  mediator: %s\n", created.mediator_token.c_str());
  for (size_t p = 0; p < created.party_tokens.size(); ++p)
    std::printf("  %s: %s\n", structure.parties[p].name.c_str(), created.party_tokens[p].c_str());
}

// --- new -----------------------------------------------------------------------------------

struct NewArgs {
  Common common;
  std::string name;
  std::string title, description;
  std::string scenario;
  std::vector<std::string> parties;
  std::vector<std::string> issues;  // "name=a,b,c"
  std::vector<std::string> ratifiers;
  bool issue_by_issue = false;
  bool no_profiles = false;
};

int RunNew(const NewArgs& args) {
  Scenario structure;
  std::string source = "cli";
  if (!args.scenario.empty()) {
    if (!args.parties.empty() || !args.issues.empty())
      return ReportError(Error::BadInput("give either --scenario or --party/--issue, not both", "",
                                         0, "--scenario"));
    const std::vector<std::string> paths = {args.scenario};
    Result<LoadedScenario> loaded = LoadScenario(paths);
    if (!loaded) return ReportError(loaded.error());
    structure = std::move(loaded->scenario);
    source = args.scenario;
  } else {
    if (args.parties.size() < 2 || args.issues.empty())
      return ReportError(Error::BadInput(
          "give --scenario FILE, or at least two --party NAME and one --issue NAME=V1,V2,...", "",
          0, "--party"));
    for (const std::string& party : args.parties) structure.parties.push_back({party, {}});
    std::vector<Issue> issues;
    for (const std::string& spec : args.issues) {
      const size_t eq = spec.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
        return ReportError(Error::BadInput(
            "expected --issue NAME=VALUE1,VALUE2,..., got '" + spec + "'", "", 0, "--issue"));
      std::vector<std::string> values;
      std::string rest = spec.substr(eq + 1);
      for (size_t start = 0;;) {
        const size_t comma = rest.find(',', start);
        values.push_back(rest.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      for (const std::string& v : values)
        if (v.empty())
          return ReportError(Error::BadInput("empty value in '" + spec + "'", "", 0, "--issue"));
      issues.push_back(Issue::Discrete(spec.substr(0, eq), std::move(values)));
    }
    structure.space = OutcomeSpace(std::move(issues));
    for (const std::string& r : args.ratifiers) {
      auto p = structure.FindParty(r);
      if (!p)
        return ReportError(Error::BadInput("unknown ratifier '" + r + "'", "", 0, "--ratifier"));
      structure.rules.ratifiers.push_back(*p);
    }
    structure.rules.single_undertaking = !args.issue_by_issue;
  }
  if (args.issue_by_issue) structure.rules.single_undertaking = false;
  Result<Ledger> ledger = Ledger::Open(args.common.db);
  if (!ledger) return ReportError(ledger.error());
  TalksInfo info;
  info.name = args.name;
  info.title = args.title.empty() ? structure.name : args.title;
  info.description = args.description.empty() ? structure.description : args.description;
  info.source = source;
  std::optional<std::string> profiles_date;
  if (!args.no_profiles) profiles_date = Today();
  Result<NewTalks> created = SetUpTalks(*ledger, info, structure, profiles_date);
  if (!created) return ReportError(created.error());
  PrintTokens(*created, structure);
  return 0;
}

// --- entries -------------------------------------------------------------------------------

int RunAppend(EntryKind kind, const EntryArgs& args) {
  Result<Opened> opened = OpenTalks(args.common);
  if (!opened) return ReportError(opened.error());
  Result<LedgerState> state = opened->ledger.Load(opened->info.id);
  if (!state) return ReportError(state.error());
  const Scenario& s = state->structure;
  LedgerEntry entry;
  entry.kind = kind;
  // A retraction without --date is dated when it is recorded (by the ledger).
  entry.date = args.date.empty() && kind != EntryKind::kRetraction ? Today() : args.date;
  entry.correction = args.correction;
  if (kind == EntryKind::kRetraction) entry.retracts = args.retracts;
  if (args.round > 0) {
    entry.round = args.round;
  } else if (kind != EntryKind::kRound && kind != EntryKind::kRetraction) {
    int latest = 0;
    for (const LedgerEntry& e : state->entries)
      if (e.kind == EntryKind::kRound && !e.retracted_by && e.date <= entry.date)
        latest = std::max(latest, e.round.value_or(0));
    if (latest > 0) entry.round = latest;
  }
  if (!args.party.empty()) {
    auto party = s.FindParty(args.party);
    if (!party) {
      std::string names;
      for (const Party& p : s.parties) names += (names.empty() ? "" : ", ") + p.name;
      return ReportError(Error::BadInput("unknown party '" + args.party + "'; parties: " + names,
                                         "", 0, "--party"));
    }
    entry.party = *party;
  }
  for (const std::string& assignment : args.set) {
    Result<IssueValue> value = ParseAssignment(assignment, s.space);
    if (!value) return ReportError(value.error());
    entry.values.push_back(*value);
  }
  for (const std::string& issue : args.issues) {
    auto index = s.space.FindIssue(issue);
    if (!index)
      return ReportError(Error::BadInput("unknown issue '" + issue + "'", "", 0, "--issue"));
    entry.values.push_back({*index, std::nullopt});
  }
  for (const std::string& text : args.conditions) {
    Result<Constraint> condition = ParseCondition(text, s.space);
    if (!condition) return ReportError(condition.error());
    entry.conditions.push_back(std::move(*condition));
  }
  entry.text = args.text;
  entry.source_kind = args.source_kind;
  entry.source = args.source;
  entry.title = args.title;
  entry.place = args.place;
  entry.end_date = args.end_date;
  if (kind == EntryKind::kVote) {
    if (args.accept == args.reject)
      return ReportError(
          Error::BadInput("a vote needs exactly one of --accept and --reject", "", 0, "--accept"));
    entry.accept = args.accept;
  }
  if (kind == EntryKind::kProfile) {
    std::ifstream in(args.file, std::ios::binary);
    if (!in) return ReportError(Error::NotFound("cannot read profile file '" + args.file + "'"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Result<Profile> profile = ProfileFromJson(text, s.space, args.file);
    if (!profile) return ReportError(profile.error());
    entry.profile = std::move(*profile);
    entry.profile_origin = args.origin;
  }
  Result<int64_t> seq = opened->ledger.Append(opened->info.id, std::move(entry));
  if (!seq) return ReportError(seq.error());
  std::printf("recorded %s #%lld\n", std::string(EntryKindName(kind)).c_str(),
              static_cast<long long>(*seq));
  if (kind == EntryKind::kAgreement || kind == EntryKind::kReopening || kind == EntryKind::kVote) {
    Result<LedgerState> after = opened->ledger.Load(opened->info.id);
    if (!after) return ReportError(after.error());
    const TalksStatus status = ComputeStatus(*after);
    std::printf("final agreement: %s; %zu blocker(s)\n", status.final ? "yes" : "no",
                status.blockers.size());
    if (!status.notes.empty()) std::printf("note: %s\n", status.notes.back().c_str());
  }
  return 0;
}

CLI::App* AddEntryCommand(CLI::App* talks, Action& action, EntryKind kind, const char* name,
                          const char* help) {
  auto args = std::make_shared<EntryArgs>();
  CLI::App* command = talks->add_subcommand(name, help);
  AddCommon(command, args->common);
  command->add_option("--date", args->date,
                      kind == EntryKind::kRetraction
                          ? "When it happened, YYYY-MM-DD (default: when it is recorded)"
                          : "When it happened, YYYY-MM-DD (default: today; at most a day ahead)");
  if (kind != EntryKind::kRound && kind != EntryKind::kRetraction)
    command
        ->add_option("--round", args->round,
                     "Round number (default: the latest round started by --date)")
        ->check(CLI::Range(1, 1000000));
  if (kind == EntryKind::kRetraction)
    command->add_option("--reason", args->text, "Why it is retracted")->required();
  else
    command->add_option("--text", args->text, "Free text: draft text, statement, reason, note");
  command
      ->add_option("--source-kind", args->source_kind,
                   "statement, leak, mediator-note, report or record")
      ->check(CLI::IsMember({"statement", "leak", "mediator-note", "report", "record"}));
  command->add_option("--source", args->source, "Who said it, where");
  switch (kind) {
    case EntryKind::kRound:
      command->add_option("--title", args->title, "Title of the round");
      command->add_option("--place", args->place, "Where");
      command->add_option("--end", args->end_date, "Last day, YYYY-MM-DD");
      command->add_flag("--correction", args->correction,
                        "The round is dated before an earlier one on purpose (a correction)");
      break;
    case EntryKind::kRetraction:
      command->add_option("entry", args->retracts, "The entry to retract (its # in history)")
          ->required()
          ->check(CLI::PositiveNumber);
      break;
    case EntryKind::kProposal:
      command->add_option("--party", args->party, "Who proposes (default: the mediator)");
      command->add_option("--set", args->set, "ISSUE=VALUE (repeatable)");
      break;
    case EntryKind::kPosition:
      command->add_option("--party", args->party, "Whose position")->required();
      command->add_option("--set", args->set, "ISSUE=VALUE the party states (repeatable)");
      command->add_option("--condition", args->conditions,
                          "'if ISSUE=V[|V...] [and ...] then ISSUE=V[|V...]' (repeatable)");
      break;
    case EntryKind::kAgreement:
      command->add_option("--party", args->party,
                          "Who accepts (default: every party of the issue's track)");
      command->add_option("--set", args->set, "ISSUE=VALUE accepted (repeatable)")->required();
      command->add_option("--if", args->conditions,
                          "Accept only if this holds on the whole package (repeatable)");
      break;
    case EntryKind::kReopening:
      command->add_option("--issue", args->issues, "Issue to reopen (repeatable)")->required();
      command->add_option("--party", args->party, "Who reopens (default: the mediator)");
      break;
    case EntryKind::kVote:
      command->add_option("--party", args->party, "Who votes")->required();
      command->add_flag("--accept", args->accept, "Accept the whole package");
      command->add_flag("--reject", args->reject, "Reject the whole package");
      break;
    case EntryKind::kProfile:
      command->add_option("--party", args->party, "Whose profile")->required();
      command->add_option("--file", args->file, "Profile JSON (docs/ledger.md)")->required();
      command->add_option("--origin", args->origin, "entered (default) or estimated")
          ->check(CLI::IsMember({"entered", "estimated"}));
      break;
    case EntryKind::kNote:
      break;
  }
  command->callback(
      [args, kind, &action] { action = [args, kind] { return RunAppend(kind, *args); }; });
  return command;
}

// --- views ---------------------------------------------------------------------------------

struct ViewArgs {
  Common common;
  Replay replay;
  bool json = false;
  std::string out;
  std::string for_party;  // report: a party's copy
};

int RunStatus(const ViewArgs& args) {
  Result<Opened> opened = OpenTalks(args.common);
  if (!opened) return ReportError(opened.error());
  Result<LedgerState> state = opened->ledger.Load(opened->info.id, args.replay);
  if (!state) return ReportError(state.error());
  const TalksStatus status = ComputeStatus(*state);
  Result<DraftAnalysis> analysis = AnalyzeDraft(*state, status);
  const OutcomeSpace& space = state->structure.space;
  if (args.json) {
    PrintJson(TalksStatusJson(*state, status, analysis));
    return 0;
  }
  std::string text = RenderStatusText(*state, status);
  text += "\npackages consistent with the draft:\n";
  if (analysis) {
    text += "  " + FormatCount(analysis->packages) + " packages; " +
            FormatCount(analysis->zopa.outcomes) + " in the zone of possible agreement; " +
            std::to_string(analysis->frontier.points.size()) + " efficient\n";
    if (analysis->nash) {
      text += "  Nash package: " + OutcomeText(space, analysis->nash->outcome) + "\n  utilities:";
      for (size_t p = 0; p < analysis->nash->utilities.size(); ++p)
        text += " " + state->structure.parties[p].name + " " +
                FormatUtility(analysis->nash->utilities[p]) +
                (p + 1 < analysis->nash->utilities.size() ? "," : "");
      text += "\n";
    } else {
      text += "  no package gives every party its reservation value (no Nash package)\n";
    }
    for (const std::string& note : analysis->notes) text += "  note: " + note + "\n";
  } else {
    text += "  not available: " + analysis.error().message + "\n";
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

int RunHistory(const ViewArgs& args) {
  Result<Opened> opened = OpenTalks(args.common);
  if (!opened) return ReportError(opened.error());
  Result<LedgerState> state = opened->ledger.Load(opened->info.id, args.replay);
  if (!state) return ReportError(state.error());
  if (args.json) {
    PrintJson(TalksHistoryJson(*state));
  } else {
    std::fputs(RenderHistoryText(*state, Viewer::Mediator()).c_str(), stdout);
  }
  return 0;
}

int RunReport(const ViewArgs& args) {
  Result<Opened> opened = OpenTalks(args.common);
  if (!opened) return ReportError(opened.error());
  Result<LedgerState> state = opened->ledger.Load(opened->info.id, args.replay);
  if (!state) return ReportError(state.error());
  const TalksStatus status = ComputeStatus(*state);
  std::string html;
  if (!args.for_party.empty()) {
    // A party's copy: nothing computed from another party's profile is even computed.
    auto party = state->structure.FindParty(args.for_party);
    if (!party)
      return ReportError(Error::BadInput("unknown party '" + args.for_party + "'", "", 0, "--for"));
    Result<PartyWhatIf> own = AnalyzeForParty(*state, status, *party, {});
    html = RenderReportHtml(*state, status, nullptr, own ? "" : own.error().message,
                            Viewer::Party(*party), own ? &*own : nullptr);
  } else {
    Result<DraftAnalysis> analysis = AnalyzeDraft(*state, status);
    html = RenderReportHtml(*state, status, analysis ? &*analysis : nullptr,
                            analysis ? "" : analysis.error().message);
  }
  const std::string out =
      args.out.empty()
          ? state->info.name + (args.for_party.empty() ? "" : "-" + args.for_party) + "-report.html"
          : args.out;
  std::ofstream file(out, std::ios::binary);
  if (!file || !file.write(html.data(), static_cast<std::streamsize>(html.size())))
    return ReportError(Error::BadInput("cannot write '" + out + "'", out));
  std::printf("wrote %s\n", out.c_str());
  return 0;
}

int RunVerify(const Common& common) {
  Result<Ledger> ledger = Ledger::Open(common.db, {.create = false});
  if (!ledger) return ReportError(ledger.error());
  Result<LedgerVerification> verified = ledger->Verify();
  if (!verified) return ReportError(verified.error());
  if (!verified->ok()) return ReportError(Error::BadInput(verified->problem, common.db));
  std::printf("verified %s: %lld entries, chain head %s\n", common.db.c_str(),
              static_cast<long long>(verified->entries), verified->head.c_str());
  return 0;
}

// --- import and tokens ---------------------------------------------------------------------

int RunImport(const Common& common, const std::string& name) {
  Result<Scenario> doha = LoadBuiltinScenario("doha-2019");
  if (!doha) return ReportError(doha.error());
  Result<Ledger> ledger = Ledger::Open(common.db);
  if (!ledger) return ReportError(ledger.error());
  Result<NewTalks> created = ImportDohaHistory(*ledger, *doha, name);
  if (!created) return ReportError(created.error());
  PrintTokens(*created, *doha);
  return 0;
}

struct TokenArgs {
  Common common;
  std::string party;
  bool mediator = false;
  std::string label;
  int64_t id = 0;
};

int RunTokenIssue(const TokenArgs& args) {
  Result<Opened> opened = OpenTalks(args.common);
  if (!opened) return ReportError(opened.error());
  if (args.mediator == !args.party.empty())
    return ReportError(
        Error::BadInput("give exactly one of --party NAME and --mediator", "", 0, "--party"));
  std::optional<size_t> party;
  std::string label = args.label;
  if (!args.party.empty()) {
    Result<LedgerState> state = opened->ledger.Load(opened->info.id);
    if (!state) return ReportError(state.error());
    party = state->structure.FindParty(args.party);
    if (!party)
      return ReportError(Error::BadInput("unknown party '" + args.party + "'", "", 0, "--party"));
    if (label.empty()) label = args.party;
  } else if (label.empty()) {
    label = "mediator";
  }
  int64_t id = 0;
  Result<std::string> token = opened->ledger.IssueToken(opened->info.id, party, label, &id);
  if (!token) return ReportError(token.error());
  std::printf("token %lld for %s: %s\n", static_cast<long long>(id),
              party ? args.party.c_str() : "the mediator", token->c_str());
  return 0;
}

int RunTokenRevoke(const TokenArgs& args) {
  Result<Opened> opened = OpenTalks(args.common);
  if (!opened) return ReportError(opened.error());
  Status revoked = opened->ledger.RevokeToken(opened->info.id, args.id);
  if (!revoked) return ReportError(revoked.error());
  std::printf("revoked token %lld\n", static_cast<long long>(args.id));
  return 0;
}

int RunTokenList(const TokenArgs& args) {
  Result<Opened> opened = OpenTalks(args.common);
  if (!opened) return ReportError(opened.error());
  Result<LedgerState> state = opened->ledger.Load(opened->info.id);
  if (!state) return ReportError(state.error());
  Result<std::vector<TokenInfo>> tokens = opened->ledger.ListTokens(opened->info.id);
  if (!tokens) return ReportError(tokens.error());
  TextTable table;
  table.AddColumn("id", TextTable::Align::kRight);
  table.AddColumn("for");
  table.AddColumn("label");
  table.AddColumn("created");
  table.AddColumn("state");
  for (const TokenInfo& t : *tokens)
    table.AddRow({std::to_string(t.id),
                  t.party ? state->structure.parties[*t.party].name : "mediator", t.label,
                  t.created_at, t.revoked ? "revoked" : "active"});
  std::fputs(table.Render(0).c_str(), stdout);
  return 0;
}

}  // namespace

void AddTalksCommand(CLI::App& app, Action& action) {
  CLI::App* talks = app.add_subcommand(
      "talks",
      "Record real talks round by round in a ledger (SQLite) and see what is agreed, what is "
      "open and what blocks the deal (docs/ledger.md)");
  talks->require_subcommand(1);

  {
    auto args = std::make_shared<NewArgs>();
    CLI::App* command = talks->add_subcommand(
        "new", "Start a negotiation in the ledger; prints the access tokens it creates");
    AddCommon(command, args->common);
    command->add_option("name", args->name, "Short name (letters, digits, - _ .)")->required();
    command->add_option("--title", args->title, "Title");
    command->add_option("--description", args->description, "Description");
    command->add_option("--scenario", args->scenario,
                        "Structure (and estimated profiles) from a scenario: a file, folder or "
                        "built-in name");
    command->add_option("--party", args->parties, "A party (repeatable; without --scenario)");
    command->add_option("--issue", args->issues,
                        "An issue NAME=VALUE1,VALUE2,... (repeatable; without --scenario)");
    command->add_option("--ratifier", args->ratifiers,
                        "A party whose final vote is required (repeatable; default: all)");
    command->add_flag("--issue-by-issue", args->issue_by_issue,
                      "Each issue binds once agreed (default: single undertaking)");
    command->add_flag("--no-profiles", args->no_profiles,
                      "Do not record the scenario's profiles as estimates");
    command->callback([args, &action] { action = [args] { return RunNew(*args); }; });
  }
  AddEntryCommand(talks, action, EntryKind::kRound, "round", "Record a new round of talks");
  AddEntryCommand(talks, action, EntryKind::kProposal, "propose",
                  "Record a proposal: values and/or draft text");
  AddEntryCommand(talks, action, EntryKind::kPosition, "position",
                  "Record a party's stated position and conditions, with its source");
  AddEntryCommand(talks, action, EntryKind::kAgreement, "agree",
                  "Record acceptance of values (by one party, or the whole track)");
  AddEntryCommand(talks, action, EntryKind::kReopening, "reopen", "Reopen issues agreed in draft");
  AddEntryCommand(talks, action, EntryKind::kVote, "vote",
                  "Record a party's final vote on the whole package");
  AddEntryCommand(talks, action, EntryKind::kProfile, "profile",
                  "Record a party's private profile (entered or estimated)");
  AddEntryCommand(talks, action, EntryKind::kNote, "note", "Record a mediator's note");
  AddEntryCommand(talks, action, EntryKind::kRetraction, "retract",
                  "Retract an entry (it stays in the history, marked, and stops counting)");

  auto add_view = [&](const char* name, const char* help, int (*run)(const ViewArgs&), bool json,
                      bool out) {
    auto args = std::make_shared<ViewArgs>();
    CLI::App* command = talks->add_subcommand(name, help);
    AddCommon(command, args->common);
    command->add_option("--as-of", args->replay.as_of,
                        "As happened by this date, YYYY-MM-DD (event dates, as the record now "
                        "says)");
    command->add_option("--known-at", args->replay.known_at,
                        "As known at this time, YYYY-MM-DDTHH:MM:SSZ or a date (only entries "
                        "recorded by then)");
    if (json) command->add_flag("--json", args->json, "Print JSON");
    if (out) {
      command->add_option("--out", args->out, "Output file (default: NAME-report.html)");
      command->add_option("--for", args->for_party, "A party's copy: only what that party may see");
    }
    command->callback([args, run, &action] { action = [args, run] { return run(*args); }; });
  };
  add_view("status",
           "Status of every issue, what blocks a final agreement, and the packages "
           "consistent with the draft",
           RunStatus, true, false);
  add_view("history", "Every entry of the record in order", RunHistory, true, false);
  {
    auto common = std::make_shared<Common>();
    CLI::App* command = talks->add_subcommand(
        "verify",
        "Check the ledger file: the hash chain of its entries and the append-only rules; names "
        "the first entry that breaks them");
    command->add_option("--db", common->db, "Ledger file (default: ./parley-talks.db)");
    command->callback([common, &action] { action = [common] { return RunVerify(*common); }; });
  }
  add_view("report", "Write a self-contained HTML report (timeline and status table)", RunReport,
           false, true);

  {
    auto common = std::make_shared<Common>();
    auto name = std::make_shared<std::string>(std::string(kDohaHistoryName));
    CLI::App* command = talks->add_subcommand(
        "import", "Load the built-in example ledger: the 2019 Doha talks; prints its tokens");
    AddCommon(command, *common);
    command->add_option("--name", *name, "Name for the imported negotiation (default: doha-2019)");
    command->callback(
        [common, name, &action] { action = [common, name] { return RunImport(*common, *name); }; });
  }
  {
    CLI::App* token = talks->add_subcommand("token", "Issue, revoke and list access tokens");
    token->require_subcommand(1);
    auto issue_args = std::make_shared<TokenArgs>();
    CLI::App* issue = token->add_subcommand("issue", "Issue a token; prints it once");
    AddCommon(issue, issue_args->common);
    issue->add_option("--party", issue_args->party, "For this party");
    issue->add_flag("--mediator", issue_args->mediator, "For the mediator (sees everything)");
    issue->add_option("--label", issue_args->label, "A label to recognise it by");
    issue->callback(
        [issue_args, &action] { action = [issue_args] { return RunTokenIssue(*issue_args); }; });
    auto revoke_args = std::make_shared<TokenArgs>();
    CLI::App* revoke = token->add_subcommand("revoke", "Revoke a token by id");
    AddCommon(revoke, revoke_args->common);
    revoke->add_option("id", revoke_args->id, "Token id (see token list)")->required();
    revoke->callback([revoke_args, &action] {
      action = [revoke_args] { return RunTokenRevoke(*revoke_args); };
    });
    auto list_args = std::make_shared<TokenArgs>();
    CLI::App* list = token->add_subcommand("list", "List the tokens (never their secrets)");
    AddCommon(list, list_args->common);
    list->callback(
        [list_args, &action] { action = [list_args] { return RunTokenList(*list_args); }; });
  }
}

}  // namespace parley::cli
