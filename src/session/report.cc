#include "parley/session/report.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <ostream>
#include <string>

namespace parley {
namespace {

using Json = nlohmann::ordered_json;

std::string Fixed(double x, int precision) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", precision, x);
  std::string s = buf;
  // Never "-0.0000".
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);
  return s;
}

Json ValueJson(const Issue& issue, ValueIndex v) {
  switch (issue.kind) {
    case IssueKind::kDiscrete:
      return issue.ValueName(v);
    case IssueKind::kInteger:
      return static_cast<int64_t>(issue.NumericValue(v));
    case IssueKind::kReal:
      return issue.NumericValue(v);
  }
  return nullptr;
}

Json OutcomeJson(const OutcomeSpace& space, const Outcome& outcome) {
  Json o = Json::object();
  for (size_t i = 0; i < outcome.size() && i < space.NumIssues(); ++i)
    o[space.issue(i).name] = ValueJson(space.issue(i), outcome[i]);
  return o;
}

Json Optional(const std::optional<double>& x) { return x ? Json(*x) : Json(nullptr); }

std::string PartyName(const PreparedScenario& scenario, int party) {
  if (party == kMediator) return "mediator";
  if (party < 0 || static_cast<size_t>(party) >= scenario.NumParties()) return "?";
  return scenario.scenario().parties[party].name;
}

// The move as people read it: the action word and, for package moves, what they name.
std::string MoveText(const PreparedScenario& scenario, const Move& move) {
  const OutcomeSpace& space = scenario.space();
  if (const auto* p = std::get_if<PartialOffer>(&move.action)) return DescribeAction(*p, space);
  if (const auto* a = std::get_if<Accept>(&move.action)) return DescribeAction(*a, space);
  if (const auto* r = std::get_if<Reopen>(&move.action)) return DescribeAction(*r, space);
  return std::string(ActionKindName(KindOf(move.action)));
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string EndText(const PreparedScenario& scenario, const SessionResult& r) {
  const NegotiationResult& n = r.negotiation;
  const std::string round = "round " + std::to_string(n.rounds);
  switch (n.reason) {
    case EndReason::kAgreement:
      return "agreement in " + round;
    case EndReason::kDeadline:
      return "no agreement: the deadline passed after " + std::to_string(n.rounds) + " rounds";
    case EndReason::kWalkAway:
      return "no agreement: " + PartyName(scenario, static_cast<int>(*n.ended_by)) +
             " walked away in " + round;
    case EndReason::kFailure:
      return "no agreement: " + PartyName(scenario, static_cast<int>(n.failure->party)) + " (" +
             r.agents[n.failure->party] + ") failed in " + round + ": " +
             std::string(FailureKindName(n.failure->kind)) + ", " + n.failure->message;
  }
  return "";
}

std::string DeadlineText(const Deadline& d) {
  std::string out;
  if (d.rounds > 0) out = std::to_string(d.rounds) + " rounds";
  if (d.seconds > 0) out += (out.empty() ? "" : " or ") + Fixed(d.seconds, 3) + " s";
  return out;
}

// Display width: one column per code point (names from files may be UTF-8).
size_t Width(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

// Pads to a width, left-aligned.
std::string Pad(const std::string& s, size_t width) {
  const size_t w = Width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

// Calls `state` for each protocol round state (single undertaking) due before a move of round
// `before` (all remaining ones when `before` is past the end), `move` for each move, in order.
template <typename OnMove, typename OnState>
void Interleave(const NegotiationResult& n, OnMove move, OnState state) {
  size_t next = 0;
  auto flush = [&](int before) {
    for (; next < n.round_states.size() && n.round_states[next].round < before; ++next)
      state(n.round_states[next]);
  };
  for (const Move& m : n.moves) {
    flush(m.round);
    move(m);
  }
  flush(std::numeric_limits<int>::max());
}

}  // namespace

Json MoveToJson(const PreparedScenario& scenario, const Move& move) {
  const OutcomeSpace& space = scenario.space();
  Json j;
  j["round"] = move.round + 1;
  j["time"] = move.time;
  j["party"] = PartyName(scenario, move.party);
  j["turn"] = std::string(TurnKindName(move.turn));
  j["action"] = std::string(ActionKindName(KindOf(move.action)));
  j["outcome"] = move.outcome ? OutcomeJson(space, *move.outcome) : Json(nullptr);
  j["utilities"] = move.utilities;
  if (const auto* p = std::get_if<PartialOffer>(&move.action)) {
    Json values = Json::object();
    for (const IssueValue& iv : p->values)
      values[space.issue(iv.issue).name] = ValueJson(space.issue(iv.issue), iv.value);
    j["values"] = values;
  }
  if (const auto* a = std::get_if<Accept>(&move.action); a && !a->conditions.empty()) {
    Json conditions = Json::array();
    for (const Clause& c : a->conditions) {
      Json allowed = Json::array();
      for (ValueIndex v : c.allowed) allowed.push_back(ValueJson(space.issue(c.issue), v));
      conditions.push_back({{"issue", space.issue(c.issue).name}, {"allowed", allowed}});
    }
    j["conditions"] = conditions;
  }
  if (const auto* r = std::get_if<Reopen>(&move.action)) j["issue"] = space.issue(r->issue).name;
  if (!move.note.empty()) j["note"] = move.note;
  return j;
}

Json SessionToJson(const PreparedScenario& scenario, const SessionResult& r, bool include_moves) {
  const NegotiationResult& n = r.negotiation;
  const SessionMetrics& m = r.metrics;
  Json j;
  j["scenario"] = r.scenario;
  j["protocol"] = r.protocol;
  j["agents"] = r.agents;
  j["parties"] = r.parties;
  j["seed"] = r.seed;
  Json deadline = Json::object();
  if (r.deadline.rounds > 0) deadline["rounds"] = r.deadline.rounds;
  if (r.deadline.seconds > 0) deadline["seconds"] = r.deadline.seconds;
  j["deadline"] = deadline;
  j["end"] = std::string(EndReasonName(n.reason));
  j["ended_by"] =
      n.ended_by ? Json(PartyName(scenario, static_cast<int>(*n.ended_by))) : Json(nullptr);
  if (n.failure) {
    j["failure"] = {{"party", PartyName(scenario, static_cast<int>(n.failure->party))},
                    {"agent", r.agents[n.failure->party]},
                    {"kind", std::string(FailureKindName(n.failure->kind))},
                    {"message", n.failure->message}};
  } else {
    j["failure"] = nullptr;
  }
  if (n.agreement) {
    j["agreement"] = {{"outcome", OutcomeJson(scenario.space(), *n.agreement)},
                      {"utilities", m.utilities},
                      {"discounted", m.discounted}};
  } else {
    j["agreement"] = nullptr;
  }
  j["utilities"] = m.utilities;
  j["discounted"] = m.discounted;
  j["reservations"] = m.reservations;
  j["advantages"] = m.advantages;
  j["welfare"] = m.welfare;
  j["pareto_distance"] = Optional(m.pareto_distance);
  j["nash_distance"] = Optional(m.nash_distance);
  j["rounds"] = n.rounds;
  j["time"] = n.time;
  if (r.deadline.seconds > 0) j["elapsed_seconds"] = n.elapsed_seconds;
  Json notes = Json::array();
  if (!r.reference_note.empty()) notes.push_back(r.reference_note);
  for (const auto& line : n.summary) notes.push_back(line);
  j["notes"] = notes;
  if (!n.details_json.empty() && n.details_json != "{}") {
    Json details = Json::parse(n.details_json, nullptr, /*allow_exceptions=*/false);
    if (details.is_object()) {
      for (auto it = details.begin(); it != details.end(); ++it) j[it.key()] = it.value();
    }
  }
  if (include_moves) {
    Json moves = Json::array();
    for (const Move& move : n.moves) moves.push_back(MoveToJson(scenario, move));
    j["moves"] = moves;
  }
  return j;
}

void WriteTranscript(std::ostream& out, const PreparedScenario& scenario, const SessionResult& r,
                     const TranscriptOptions& options) {
  const NegotiationResult& n = r.negotiation;
  const SessionMetrics& m = r.metrics;
  const size_t parties = scenario.NumParties();
  const int p = options.precision;
  size_t name_width = 8;
  for (const auto& name : r.parties) name_width = std::max(name_width, name.size());
  size_t agent_width = 5;
  for (const auto& agent : r.agents) agent_width = std::max(agent_width, agent.size());

  out << "negotiation: " << r.scenario << ", protocol " << r.protocol << ", " << parties
      << " parties, deadline " << DeadlineText(r.deadline) << ", seed " << r.seed << "\n";
  for (size_t i = 0; i < parties; ++i) {
    out << "  " << Pad(r.parties[i], name_width) << "  " << Pad(r.agents[i], agent_width)
        << "  reservation " << Fixed(m.reservations[i], p) << "\n";
  }

  if (options.show_moves && !n.moves.empty()) {
    // Columns: round, party, move, u(party) for each party, then the outcome (free text).
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header = {"round", "party", "move"};
    for (size_t i = 0; i < parties; ++i) header.push_back("u(" + r.parties[i] + ")");
    header.push_back("outcome");
    rows.push_back(header);
    // A one-element row is a line of its own: the protocol's state after a round.
    auto on_state = [&](const RoundState& s) {
      if (!s.text.empty())
        rows.push_back({"   state after round " + std::to_string(s.round + 1) + ": " + s.text});
    };
    auto on_move = [&](const Move& move) {
      std::vector<std::string> row = {std::to_string(move.round + 1),
                                      PartyName(scenario, move.party)};
      const std::string text = MoveText(scenario, move);
      const bool short_word = text.size() <= 8;
      row.push_back(short_word ? text : std::string(ActionKindName(KindOf(move.action))));
      for (size_t i = 0; i < parties; ++i)
        row.push_back(move.utilities.empty() ? "" : Fixed(move.utilities[i], p));
      std::string tail = move.outcome ? scenario.space().Describe(*move.outcome) : "";
      if (!short_word) tail = tail.empty() ? text : text + "; " + tail;
      if (!move.note.empty()) tail += (tail.empty() ? "(" : "  (") + move.note + ")";
      row.push_back(tail);
      rows.push_back(std::move(row));
    };
    Interleave(n, on_move, on_state);
    std::vector<size_t> width(header.size(), 0);
    for (const auto& row : rows)
      for (size_t c = 0; c + 1 < row.size(); ++c) width[c] = std::max(width[c], Width(row[c]));
    out << "\n";
    for (const auto& row : rows) {
      if (row.size() == 1) {
        out << row[0] << "\n";
        continue;
      }
      std::string line;
      for (size_t c = 0; c < row.size(); ++c) {
        if (c == 0) {
          line += std::string(width[0] - Width(row[0]), ' ') + row[0];  // right-aligned
        } else if (c + 1 < row.size()) {
          line += "  " + Pad(row[c], width[c]);
        } else {
          line += "  " + row[c];
        }
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out << line << "\n";
    }
  } else if (options.show_moves) {
    out << "\n(no moves)\n";
  }

  out << "\n" << EndText(scenario, r) << "\n";
  if (n.agreement) out << "  agreement: " << scenario.space().Describe(*n.agreement) << "\n";
  for (const auto& line : n.summary) out << "  " << line << "\n";
  const size_t num_width = std::max<size_t>(p + 3, 7);
  out << "\n  " << Pad("party", name_width) << "  " << Pad("agent", agent_width) << "  "
      << Pad("utility", num_width) << "  " << Pad("discounted", std::max<size_t>(num_width, 10))
      << "  " << Pad("reservation", std::max<size_t>(num_width, 11)) << "  advantage\n";
  for (size_t i = 0; i < parties; ++i) {
    out << "  " << Pad(r.parties[i], name_width) << "  " << Pad(r.agents[i], agent_width) << "  "
        << Pad(Fixed(m.utilities[i], p), num_width) << "  "
        << Pad(Fixed(m.discounted[i], p), std::max<size_t>(num_width, 10)) << "  "
        << Pad(Fixed(m.reservations[i], p), std::max<size_t>(num_width, 11)) << "  "
        << Fixed(m.advantages[i], p) << "\n";
  }
  out << "\n  welfare             " << Fixed(m.welfare, p) << "\n";
  out << "  distance to Pareto  "
      << (m.pareto_distance ? Fixed(*m.pareto_distance, p) : std::string("n/a")) << "\n";
  out << "  distance to Nash    "
      << (m.nash_distance ? Fixed(*m.nash_distance, p) : std::string("n/a")) << "\n";
  out << "  rounds used         " << n.rounds << " of "
      << (r.deadline.rounds > 0 ? std::to_string(r.deadline.rounds) : std::string("unlimited"))
      << "\n";
  if (r.deadline.seconds > 0)
    out << "  elapsed             " << Fixed(n.elapsed_seconds, 3) << " s\n";
  if (!r.reference_note.empty()) out << "  note: " << r.reference_note << "\n";
}

void WriteTraceCsv(std::ostream& out, const PreparedScenario& scenario, const SessionResult& r) {
  const OutcomeSpace& space = scenario.space();
  out << "round,time,party,turn,action";
  for (const Issue& issue : space.issues()) out << "," << CsvField(issue.name);
  for (const auto& party : r.parties) out << "," << CsvField("u_" + party);
  out << ",note\n";
  // A protocol's state after a round (single undertaking): a row whose turn and action are
  // "state", with each issue's "status:value" (or "status") in its column.
  auto on_state = [&](const RoundState& s) {
    const Json state = Json::parse(s.json, nullptr, /*allow_exceptions=*/false);
    out << s.round + 1 << ",,,state,state";
    for (size_t i = 0; i < space.NumIssues(); ++i) {
      out << ",";
      if (!state.is_object() || !state.contains("issues") || i >= state["issues"].size()) continue;
      const Json& issue = state["issues"][i];
      std::string cell = issue.value("status", "");
      if (issue.contains("value") && issue["value"].is_string())
        cell += ":" + issue["value"].get<std::string>();
      out << CsvField(cell);
    }
    for (size_t i = 0; i < r.parties.size(); ++i) out << ",";
    out << "," << CsvField(s.text) << "\n";
  };
  auto on_move = [&](const Move& move) {
    out << move.round + 1 << "," << Json(move.time).dump() << ","
        << CsvField(PartyName(scenario, move.party)) << "," << TurnKindName(move.turn) << ","
        << CsvField(MoveText(scenario, move));
    for (size_t i = 0; i < space.NumIssues(); ++i) {
      out << ",";
      if (move.outcome) out << CsvField(space.issue(i).ValueName((*move.outcome)[i]));
    }
    for (size_t i = 0; i < r.parties.size(); ++i) {
      out << ",";
      if (!move.utilities.empty()) out << Json(move.utilities[i]).dump();
    }
    out << "," << CsvField(move.note) << "\n";
  };
  Interleave(r.negotiation, on_move, on_state);
}

void WriteTraceJsonLines(std::ostream& out, const PreparedScenario& scenario,
                         const SessionResult& r) {
  // Moves, and after each round the protocol's state, if it has one: {"state": {...}}.
  Interleave(
      r.negotiation, [&](const Move& move) { out << MoveToJson(scenario, move).dump() << "\n"; },
      [&](const RoundState& s) {
        Json state = Json::parse(s.json, nullptr, /*allow_exceptions=*/false);
        if (state.is_discarded()) state = Json::object();
        out << Json{{"state", state}}.dump() << "\n";
      });
}

Status WriteTraceFile(const std::string& path, const PreparedScenario& scenario,
                      const SessionResult& result) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const bool csv = ends_with(".csv");
  const bool jsonl = ends_with(".jsonl") || ends_with(".ndjson") || ends_with(".json");
  if (!csv && !jsonl) {
    return Error::BadInput("unknown trace format: expected a .csv, .jsonl, .ndjson or .json file",
                           path, 0, "--trace");
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) return Error::BadInput("cannot write the trace file", path, 0, "--trace");
  if (csv) {
    WriteTraceCsv(out, scenario, result);
  } else {
    WriteTraceJsonLines(out, scenario, result);
  }
  out.flush();
  if (!out) return Error::BadInput("failed while writing the trace file", path, 0, "--trace");
  return {};
}

}  // namespace parley
