#include "parley/talks/talks_views.h"

#include <algorithm>
#include <set>

#include "parley/talks/profile_json.h"

namespace parley {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string PartyName(const LedgerState& state, std::optional<size_t> party) {
  if (!party) return {};
  return state.structure.parties.at(*party).name;
}

Json ClauseJson(const Clause& clause, const OutcomeSpace& space) {
  Json values = Json::array();
  for (ValueIndex v : clause.allowed) values.push_back(space.issue(clause.issue).ValueName(v));
  Json out;
  out["issue"] = space.issue(clause.issue).name;
  out["values"] = std::move(values);
  return out;
}

Json ConditionJson(const Constraint& condition, const OutcomeSpace& space) {
  Json out;
  out["text"] = DescribeCondition(condition, space);
  out["description"] = condition.description;
  Json when = Json::array();
  for (const Clause& clause : condition.when) when.push_back(ClauseJson(clause, space));
  out["when"] = std::move(when);
  out["then"] = ClauseJson(condition.then, space);
  return out;
}

Result<Clause> ParseClause(std::string_view text, const OutcomeSpace& space,
                           const std::string& whole) {
  text = Trim(text);
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    return Error::BadInput("expected ISSUE=VALUE[|VALUE...] in '" + whole + "'", "", 0,
                           "condition");
  const std::string issue_name(Trim(text.substr(0, eq)));
  auto issue = space.FindIssue(issue_name);
  if (!issue)
    return Error::BadInput("unknown issue '" + issue_name + "' in '" + whole + "'", "", 0,
                           "condition");
  Clause clause;
  clause.issue = *issue;
  std::string_view rest = text.substr(eq + 1);
  while (true) {
    const size_t bar = rest.find('|');
    const std::string value(Trim(rest.substr(0, bar)));
    auto index = space.issue(*issue).Find(value);
    if (!index)
      return Error::BadInput(
          "unknown value '" + value + "' of issue '" + issue_name + "' in '" + whole + "'", "", 0,
          "condition");
    clause.allowed.push_back(*index);
    if (bar == std::string_view::npos) break;
    rest = rest.substr(bar + 1);
  }
  return clause;
}

Result<Clause> ClauseFromJson(const nlohmann::json& node, const OutcomeSpace& space,
                              const std::string& field) {
  if (!node.is_object() || !node.contains("issue") || !node["issue"].is_string() ||
      !node.contains("values") || !node["values"].is_array() || node.size() != 2)
    return Error::BadInput("expected {\"issue\": NAME, \"values\": [NAME, ...]}", "", 0, field);
  std::string text = node["issue"].get<std::string>() + "=";
  bool first = true;
  for (const auto& value : node["values"]) {
    if (!value.is_string()) return Error::BadInput("values are names", "", 0, field);
    text += (first ? "" : "|") + value.get<std::string>();
    first = false;
  }
  return ParseClause(text, space, text);
}

}  // namespace

std::string ReplayLabel(const LedgerState& state) {
  if (state.as_of.empty() && state.known_at.empty()) return "the record as it stands";
  std::string out;
  if (!state.as_of.empty()) out = "as happened by " + state.as_of + " (as the record now says)";
  if (!state.known_at.empty())
    out += (out.empty() ? "" : ", ") + std::string("as known at ") + state.known_at +
           " (entries recorded by then)";
  return out;
}

bool Viewer::CanSee(const LedgerEntry& entry) const {
  if (IsMediator() || entry.kind != EntryKind::kProfile) return true;
  return entry.party == party;
}

Json TalksJson(const TalksInfo& info) {
  Json out;
  out["id"] = info.id;
  out["name"] = info.name;
  out["title"] = info.title;
  out["description"] = info.description;
  out["source"] = info.source;
  out["created_at"] = info.created_at;
  return out;
}

Json StructureJson(const LedgerState& state) {
  const Scenario& s = state.structure;
  const auto tracks = s.EffectiveTracks();
  Json out;
  out["talks"] = TalksJson(state.info);
  out["rule"] = s.rules.single_undertaking ? "single-undertaking" : "issue-by-issue";
  Json parties = Json::array();
  for (size_t p = 0; p < s.parties.size(); ++p) {
    Json party;
    party["index"] = p;
    party["name"] = s.parties[p].name;
    party["ratifier"] = std::count(s.rules.ratifiers.begin(), s.rules.ratifiers.end(), p) > 0;
    parties.push_back(std::move(party));
  }
  out["parties"] = std::move(parties);
  Json issues = Json::array();
  for (size_t i = 0; i < s.space.NumIssues(); ++i) {
    Json issue;
    issue["index"] = i;
    issue["name"] = s.space.issue(i).name;
    Json options = Json::array();
    for (ValueIndex v = 0; v < s.space.issue(i).Cardinality(); ++v)
      options.push_back(s.space.issue(i).ValueName(v));
    issue["options"] = std::move(options);
    for (size_t t = 0; t < tracks.size(); ++t)
      if (std::count(tracks[t].issues.begin(), tracks[t].issues.end(), i))
        issue["track"] = tracks[t].name;
    issues.push_back(std::move(issue));
  }
  out["issues"] = std::move(issues);
  Json track_list = Json::array();
  for (const Track& track : tracks) {
    Json t;
    t["name"] = track.name;
    Json issue_names = Json::array(), party_names = Json::array();
    for (size_t i : track.issues) issue_names.push_back(s.space.issue(i).name);
    for (size_t p : track.parties) party_names.push_back(s.parties[p].name);
    t["issues"] = std::move(issue_names);
    t["parties"] = std::move(party_names);
    t["opens_after"] = track.opens_after ? Json(tracks[*track.opens_after].name) : Json(nullptr);
    track_list.push_back(std::move(t));
  }
  out["tracks"] = std::move(track_list);
  return out;
}

Json EntryJson(const LedgerEntry& entry, const LedgerState& state) {
  const OutcomeSpace& space = state.structure.space;
  Json out;
  out["seq"] = entry.seq;
  out["kind"] = EntryKindName(entry.kind);
  out["date"] = entry.date;
  out["round"] = entry.round ? Json(*entry.round) : Json(nullptr);
  out["party"] = entry.party ? Json(PartyName(state, entry.party)) : Json(nullptr);
  out["text"] = entry.text;
  out["source_kind"] = entry.source_kind;
  out["source"] = entry.source;
  if (entry.kind == EntryKind::kReopening) {
    Json issues = Json::array();
    for (const IssueValue& v : entry.values) issues.push_back(space.issue(v.issue).name);
    out["issues"] = std::move(issues);
  } else if (!entry.values.empty()) {
    Json values = Json::object();
    for (const IssueValue& v : entry.values)
      if (v.value) values[space.issue(v.issue).name] = space.issue(v.issue).ValueName(*v.value);
    out["values"] = std::move(values);
  }
  if (!entry.conditions.empty()) {
    Json conditions = Json::array();
    for (const Constraint& c : entry.conditions) conditions.push_back(ConditionJson(c, space));
    out["conditions"] = std::move(conditions);
  }
  switch (entry.kind) {
    case EntryKind::kRound:
      out["title"] = entry.title;
      out["place"] = entry.place;
      out["end_date"] = entry.end_date;
      out["correction"] = entry.correction;
      break;
    case EntryKind::kRetraction:
      out["retracts"] = entry.retracts ? Json(*entry.retracts) : Json(nullptr);
      break;
    case EntryKind::kVote:
      out["accept"] = entry.accept;
      break;
    case EntryKind::kProfile: {
      out["origin"] = entry.profile_origin;
      auto text = ProfileToJson(entry.profile, space);
      out["profile"] = text ? Json::parse(*text) : Json(nullptr);
      break;
    }
    default:
      break;
  }
  out["recorded_at"] = entry.recorded_at;
  out["late"] = entry.late;
  out["retracted_by"] = entry.retracted_by ? Json(*entry.retracted_by) : Json(nullptr);
  if (entry.retracted_by) out["retraction_reason"] = entry.retraction_reason;
  return out;
}

Json EntriesJson(const LedgerState& state, const Viewer& viewer, std::optional<EntryKind> kind) {
  Json out = Json::array();
  for (const LedgerEntry& entry : state.entries)
    if (viewer.CanSee(entry) && (!kind || entry.kind == *kind))
      out.push_back(EntryJson(entry, state));
  return out;
}

Json StatusJson(const LedgerState& state, const TalksStatus& status) {
  const Scenario& s = state.structure;
  Json out;
  out["as_of"] = state.as_of.empty() ? Json(nullptr) : Json(state.as_of);
  out["known_at"] = state.known_at.empty() ? Json(nullptr) : Json(state.known_at);
  out["last_date"] = status.last_date;
  out["rounds"] = status.rounds;
  out["rule"] = s.rules.single_undertaking ? "single-undertaking" : "issue-by-issue";
  out["final"] = status.final;
  Json tracks = Json::array();
  for (size_t t = 0; t < status.tracks.size(); ++t) {
    Json track;
    track["name"] = status.tracks[t].name;
    track["open"] = static_cast<bool>(status.track_open[t]);
    tracks.push_back(std::move(track));
  }
  out["tracks"] = std::move(tracks);
  Json issues = Json::array();
  for (const IssueState& issue : status.issues) {
    const Issue& def = s.space.issue(issue.issue);
    Json row;
    row["name"] = def.name;
    row["track"] = status.tracks[issue.track].name;
    row["status"] = IssueStatusName(issue.status);
    row["value"] = issue.value ? Json(def.ValueName(*issue.value)) : Json(nullptr);
    row["reopened"] = issue.reopened;
    row["since"] = issue.since;
    Json acceptances = Json::array();
    for (const Acceptance& a : issue.acceptances) {
      Json acceptance;
      acceptance["party"] = s.parties[a.party].name;
      acceptance["value"] = def.ValueName(a.value);
      acceptance["seq"] = a.seq;
      acceptances.push_back(std::move(acceptance));
    }
    row["acceptances"] = std::move(acceptances);
    issues.push_back(std::move(row));
  }
  out["issues"] = std::move(issues);
  Json conditions = Json::array();
  for (const ConditionCheck& check : status.conditions) {
    Json c = ConditionJson(check.condition, s.space);
    c["party"] = s.parties[check.party].name;
    c["seq"] = check.seq;
    c["from"] = check.from_position ? "position" : "acceptance";
    c["state"] = ConditionStateName(check.state);
    c["source"] = check.source;
    conditions.push_back(std::move(c));
  }
  out["conditions"] = std::move(conditions);
  Json ratifiers = Json::array();
  for (size_t p : status.ratifiers) ratifiers.push_back(s.parties[p].name);
  out["ratifiers"] = std::move(ratifiers);
  Json votes = Json::array();
  for (const VoteState& vote : status.votes) {
    Json v;
    v["party"] = s.parties[vote.party].name;
    v["accept"] = vote.accept;
    v["date"] = vote.date;
    v["seq"] = vote.seq;
    v["current"] = vote.current;
    votes.push_back(std::move(v));
  }
  out["votes"] = std::move(votes);
  Json blockers = Json::array();
  for (const Blocker& blocker : status.blockers) {
    Json b;
    b["kind"] = BlockerKindName(blocker.kind);
    b["text"] = blocker.text;
    b["issue"] = blocker.issue ? Json(s.space.issue(*blocker.issue).name) : Json(nullptr);
    b["party"] = blocker.party ? Json(s.parties[*blocker.party].name) : Json(nullptr);
    blockers.push_back(std::move(b));
  }
  out["blockers"] = std::move(blockers);
  out["notes"] = status.notes;
  Json table;
  Json proposals = Json::array();
  for (const TableProposal& t : status.on_the_table) {
    Json p;
    p["party"] = t.party ? Json(s.parties[*t.party].name) : Json(nullptr);
    p["issue"] = s.space.issue(t.issue).name;
    p["value"] = s.space.issue(t.issue).ValueName(t.value);
    p["seq"] = t.seq;
    p["date"] = t.date;
    proposals.push_back(std::move(p));
  }
  table["proposals"] = std::move(proposals);
  if (status.draft) {
    Json draft;
    draft["seq"] = status.draft->seq;
    draft["date"] = status.draft->date;
    draft["party"] =
        status.draft->party ? Json(s.parties[*status.draft->party].name) : Json(nullptr);
    draft["text"] = status.draft->text;
    Json values = Json::object();
    for (const IssueValue& v : status.draft->values)
      if (v.value) values[s.space.issue(v.issue).name] = s.space.issue(v.issue).ValueName(*v.value);
    draft["values"] = std::move(values);
    table["draft"] = std::move(draft);
  } else {
    table["draft"] = nullptr;
  }
  out["on_the_table"] = std::move(table);
  return out;
}

Result<IssueValue> ParseAssignment(std::string_view text, const OutcomeSpace& space) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos)
    return Error::BadInput("expected ISSUE=VALUE, got '" + std::string(text) + "'", "", 0,
                           "values");
  const std::string issue_name(Trim(text.substr(0, eq)));
  const std::string value_name(Trim(text.substr(eq + 1)));
  auto issue = space.FindIssue(issue_name);
  if (!issue) {
    std::string names;
    for (const Issue& i : space.issues()) names += (names.empty() ? "" : ", ") + i.name;
    return Error::BadInput("unknown issue '" + issue_name + "'; issues: " + names, "", 0, "values");
  }
  auto value = space.issue(*issue).Find(value_name);
  if (!value) {
    std::string names;
    for (ValueIndex v = 0; v < space.issue(*issue).Cardinality(); ++v)
      names += (names.empty() ? "" : ", ") + space.issue(*issue).ValueName(v);
    return Error::BadInput(
        "unknown value '" + value_name + "' of issue '" + issue_name + "'; values: " + names, "", 0,
        "values");
  }
  return IssueValue{*issue, *value};
}

Result<Constraint> ParseCondition(std::string_view text_view, const OutcomeSpace& space) {
  const std::string whole(text_view);
  std::string_view text = Trim(text_view);
  Constraint condition;
  if (text.substr(0, 3) == "if ") {
    const size_t then = text.find(" then ");
    if (then == std::string_view::npos)
      return Error::BadInput(
          "expected 'if ISSUE=VALUE [and ...] then ISSUE=VALUE', got '" + whole + "'", "", 0,
          "condition");
    std::string_view when = text.substr(3, then - 3);
    while (true) {
      const size_t and_pos = when.find(" and ");
      PARLEY_ASSIGN_OR_RETURN(Clause clause, ParseClause(when.substr(0, and_pos), space, whole));
      condition.when.push_back(std::move(clause));
      if (and_pos == std::string_view::npos) break;
      when = when.substr(and_pos + 5);
    }
    text = text.substr(then + 6);
  }
  PARLEY_ASSIGN_OR_RETURN(condition.then, ParseClause(text, space, whole));
  return condition;
}

Result<LedgerEntry> EntryFromJson(const nlohmann::json& body, EntryKind kind,
                                  const LedgerState& state, std::string_view label_view) {
  const std::string label(label_view);
  const Scenario& s = state.structure;
  auto bad = [&](const std::string& message, const std::string& field) {
    return Error::BadInput(message, label, 0, field);
  };
  if (!body.is_object()) return bad("expected a JSON object", "body");
  static const std::set<std::string> kCommon = {"date", "round",       "party",
                                                "text", "source_kind", "source"};
  std::set<std::string> allowed = kCommon;
  switch (kind) {
    case EntryKind::kRound:
      allowed.insert({"title", "place", "end_date", "correction"});
      break;
    case EntryKind::kRetraction:
      allowed.insert("retracts");
      break;
    case EntryKind::kProposal:
      allowed.insert("values");
      break;
    case EntryKind::kPosition:
    case EntryKind::kAgreement:
      allowed.insert({"values", "conditions"});
      break;
    case EntryKind::kReopening:
      allowed.insert("issues");
      break;
    case EntryKind::kVote:
      allowed.insert("accept");
      break;
    case EntryKind::kProfile:
      allowed.insert({"origin", "profile"});
      break;
    case EntryKind::kNote:
      break;
  }
  for (const auto& [key, value] : body.items()) {
    (void)value;
    if (!allowed.count(key))
      return bad("unknown key '" + key + "' for a " + std::string(EntryKindName(kind)), key);
  }
  auto string_field = [&](const char* key, std::string& out) -> Status {
    if (!body.contains(key)) return {};
    if (!body[key].is_string()) return bad("expected a string", key);
    out = body[key].get<std::string>();
    return {};
  };
  LedgerEntry entry;
  entry.kind = kind;
  PARLEY_RETURN_IF_ERROR(string_field("date", entry.date));
  // A retraction without a date happens when it is recorded.
  if (entry.date.empty() && kind != EntryKind::kRetraction)
    return bad("a date YYYY-MM-DD is required", "date");
  PARLEY_RETURN_IF_ERROR(string_field("text", entry.text));
  PARLEY_RETURN_IF_ERROR(string_field("source_kind", entry.source_kind));
  PARLEY_RETURN_IF_ERROR(string_field("source", entry.source));
  PARLEY_RETURN_IF_ERROR(string_field("title", entry.title));
  PARLEY_RETURN_IF_ERROR(string_field("place", entry.place));
  PARLEY_RETURN_IF_ERROR(string_field("end_date", entry.end_date));
  PARLEY_RETURN_IF_ERROR(string_field("origin", entry.profile_origin));
  if (body.contains("round") && !body["round"].is_null()) {
    if (!body["round"].is_number_integer()) return bad("expected a round number", "round");
    const int64_t round = body["round"].get<int64_t>();
    if (round < 1 || round > 1000000) return bad("unknown round", "round");
    entry.round = static_cast<int>(round);
  }
  if (body.contains("party") && !body["party"].is_null()) {
    if (!body["party"].is_string()) return bad("expected a party name", "party");
    auto party = s.FindParty(body["party"].get<std::string>());
    if (!party) return bad("unknown party '" + body["party"].get<std::string>() + "'", "party");
    entry.party = *party;
  }
  if (body.contains("values")) {
    if (!body["values"].is_object()) return bad("expected {ISSUE: VALUE, ...}", "values");
    for (const auto& [issue, value] : body["values"].items()) {
      if (!value.is_string()) return bad("expected a value name", "values." + issue);
      auto parsed = ParseAssignment(issue + "=" + value.get<std::string>(), s.space);
      if (!parsed) return bad(parsed.error().message, "values." + issue);
      entry.values.push_back(*parsed);
    }
  }
  if (body.contains("issues")) {
    if (!body["issues"].is_array()) return bad("expected [ISSUE, ...]", "issues");
    for (const auto& issue : body["issues"]) {
      if (!issue.is_string()) return bad("expected issue names", "issues");
      auto index = s.space.FindIssue(issue.get<std::string>());
      if (!index) return bad("unknown issue '" + issue.get<std::string>() + "'", "issues");
      entry.values.push_back({*index, std::nullopt});
    }
  }
  if (body.contains("conditions")) {
    if (!body["conditions"].is_array()) return bad("expected a list of conditions", "conditions");
    size_t c = 0;
    for (const auto& node : body["conditions"]) {
      const std::string field = "conditions[" + std::to_string(c++) + "]";
      if (node.is_string()) {
        auto parsed = ParseCondition(node.get<std::string>(), s.space);
        if (!parsed) return bad(parsed.error().message, field);
        entry.conditions.push_back(std::move(*parsed));
        continue;
      }
      if (!node.is_object() || !node.contains("then"))
        return bad("expected a condition text or {\"description\", \"when\", \"then\"}", field);
      Constraint condition;
      for (const auto& [key, value] : node.items()) {
        if (key == "description") {
          if (!value.is_string()) return bad("expected a string", field + ".description");
          condition.description = value.get<std::string>();
        } else if (key == "when") {
          if (!value.is_array()) return bad("expected a list of clauses", field + ".when");
          for (const auto& clause : value) {
            PARLEY_ASSIGN_OR_RETURN(Clause parsed, ClauseFromJson(clause, s.space, field));
            condition.when.push_back(std::move(parsed));
          }
        } else if (key == "then") {
          PARLEY_ASSIGN_OR_RETURN(condition.then, ClauseFromJson(value, s.space, field));
        } else if (key != "text") {
          return bad("unknown key '" + key + "'", field);
        }
      }
      entry.conditions.push_back(std::move(condition));
    }
  }
  if (body.contains("correction")) {
    if (!body["correction"].is_boolean()) return bad("expected true or false", "correction");
    entry.correction = body["correction"].get<bool>();
  }
  if (kind == EntryKind::kRetraction) {
    if (!body.contains("retracts") || !body["retracts"].is_number_integer())
      return bad("a retraction needs \"retracts\": the entry number", "retracts");
    entry.retracts = body["retracts"].get<int64_t>();
  }
  if (kind == EntryKind::kVote) {
    if (!body.contains("accept") || !body["accept"].is_boolean())
      return bad("a vote needs \"accept\": true or false", "accept");
    entry.accept = body["accept"].get<bool>();
  }
  if (kind == EntryKind::kProfile) {
    if (!body.contains("profile")) return bad("a profile entry needs \"profile\"", "profile");
    auto profile = ProfileFromJson(body["profile"].dump(), s.space, label);
    if (!profile) return profile.error();
    entry.profile = std::move(*profile);
    if (entry.profile_origin.empty()) entry.profile_origin = "entered";
  }
  return entry;
}

std::string RenderStatusText(const LedgerState& state, const TalksStatus& status) {
  const Scenario& s = state.structure;
  std::string out = state.info.name;
  if (!state.info.title.empty()) out += ": " + state.info.title;
  out += "\n";
  out += ReplayLabel(state) +
         (status.last_date.empty() ? "" : " (last entry " + status.last_date + ")") + "; " +
         std::to_string(status.rounds) + " round(s)\n";
  out += s.rules.single_undertaking
             ? "rule: single undertaking (nothing is agreed until everything is agreed)\n"
             : "rule: issue-by-issue (each issue binds once agreed)\n";
  size_t name_width = 5, value_width = 5;
  for (const IssueState& issue : status.issues) {
    name_width = std::max(name_width, s.space.issue(issue.issue).name.size());
    if (issue.value)
      value_width =
          std::max(value_width, s.space.issue(issue.issue).ValueName(*issue.value).size());
  }
  auto pad = [](std::string text, size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
  };
  for (size_t t = 0; t < status.tracks.size(); ++t) {
    const Track& track = status.tracks[t];
    std::string parties;
    for (size_t p : track.parties) parties += (parties.empty() ? "" : ", ") + s.parties[p].name;
    out += "\ntrack " + track.name + " (" + parties + ")" +
           (status.track_open[t] ? "" : " [not open yet]") + "\n";
    out += "  " + pad("issue", name_width) + "  " + pad("status", 15) + "  " +
           pad("value", value_width) + "  reopened  since\n";
    for (size_t i : track.issues) {
      const IssueState& issue = status.issues[i];
      const Issue& def = s.space.issue(i);
      out += "  " + pad(def.name, name_width) + "  " +
             pad(std::string(IssueStatusName(issue.status)), 15) + "  " +
             pad(issue.value ? def.ValueName(*issue.value) : "-", value_width) + "  " +
             pad(std::to_string(issue.reopened), 8) + "  " +
             (issue.since.empty() ? "-" : issue.since) + "\n";
    }
  }
  if (!status.on_the_table.empty() || status.draft) {
    out += "\non the table now (latest proposal per issue):\n";
    for (size_t i = 0; i < s.space.NumIssues(); ++i) {
      std::string line;
      for (const TableProposal& t : status.on_the_table)
        if (t.issue == i)
          line += (line.empty() ? "" : "; ") +
                  (t.party ? s.parties[*t.party].name : std::string("mediator")) + " " +
                  s.space.issue(i).ValueName(t.value);
      if (!line.empty()) out += "  " + pad(s.space.issue(i).name, name_width) + "  " + line + "\n";
    }
    if (status.draft)
      out += "  standing draft (entry " + std::to_string(status.draft->seq) + ", " +
             status.draft->date + "): " + status.draft->text + "\n";
  }
  out += "\nfinal agreement: " + std::string(status.final ? "yes" : "no") + "\n";
  if (!status.blockers.empty()) {
    out += "blocking a final agreement:\n";
    for (const Blocker& b : status.blockers)
      out += "  - " + std::string(BlockerKindName(b.kind)) + ": " + b.text + "\n";
  }
  if (!status.notes.empty()) {
    out += "notes:\n";
    for (const std::string& note : status.notes) out += "  - " + note + "\n";
  }
  return out;
}

std::string RenderHistoryText(const LedgerState& state, const Viewer& viewer) {
  const OutcomeSpace& space = state.structure.space;
  std::string out;
  for (const LedgerEntry& e : state.entries) {
    if (!viewer.CanSee(e)) continue;
    std::string line =
        e.date + "  #" + std::to_string(e.seq) + "  " + std::string(EntryKindName(e.kind));
    if (e.round) line += " r" + std::to_string(*e.round);
    if (e.party) line += "  " + PartyName(state, e.party);
    if (e.kind == EntryKind::kRound)
      line += "  " + e.title + (e.place.empty() ? "" : ", " + e.place) +
              (e.end_date.empty() ? "" : " (to " + e.end_date + ")");
    if (e.kind == EntryKind::kVote) line += e.accept ? "  accepts" : "  rejects";
    if (e.kind == EntryKind::kProfile) line += "  (" + e.profile_origin + ", private)";
    if (e.kind == EntryKind::kRound && e.correction) line += "  [correction]";
    if (e.retracts) line += "  retracts #" + std::to_string(*e.retracts);
    for (const IssueValue& v : e.values)
      line += "  " + space.issue(v.issue).name +
              (v.value ? "=" + space.issue(v.issue).ValueName(*v.value) : "");
    for (const Constraint& c : e.conditions) line += "  [" + DescribeCondition(c, space) + "]";
    if (!e.text.empty()) line += "  \"" + e.text + "\"";
    if (!e.source.empty() || !e.source_kind.empty())
      line += "  (" + e.source_kind + (e.source.empty() ? "" : ": " + e.source) + ")";
    if (e.late) line += "  [late]";
    if (e.retracted_by)
      line +=
          "  [retracted by #" + std::to_string(*e.retracted_by) + ": " + e.retraction_reason + "]";
    line += "  (recorded " + e.recorded_at + ")";
    out += line + "\n";
  }
  return out;
}

}  // namespace parley
