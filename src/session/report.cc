#include "parley/session/report.h"

#include <algorithm>
#include <charconv>
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

// JSON text written as nlohmann's dump(indent) writes it (the bytes of --json and --trace are
// documented and golden-tested), without building a document: containers open and close on a
// stack, numbers use nlohmann's own shortest round-trip conversion, strings that need no escape
// are copied. indent < 0: compact, as dump().
class JsonText {
 public:
  JsonText(std::string& out, int indent, int depth) : out_(out), indent_(indent), depth_(depth) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  /// `quoted`: the key with its quotes and escapes (Quote()).
  void Key(std::string_view quoted) {
    Element();
    out_ += quoted;
    out_ += indent_ >= 0 ? ": " : ":";
    after_key_ = true;
  }
  void Quoted(std::string_view quoted) {
    Value();
    out_ += quoted;
  }
  void String(std::string_view text) {
    Value();
    AppendQuoted(out_, text);
  }
  void Int(int64_t x) {
    Value();
    char buf[24];
    const char* end = std::to_chars(buf, buf + sizeof buf, x).ptr;
    out_.append(buf, static_cast<size_t>(end - buf));
  }
  void Number(double x) {
    Value();
    if (!std::isfinite(x)) {
      out_ += "null";
      return;
    }
    char buf[64];
    const char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x);
    out_.append(buf, static_cast<size_t>(end - buf));
  }
  void Null() {
    Value();
    out_ += "null";
  }

  /// `text` as a JSON string: copied when it needs no escape, else as nlohmann escapes it
  /// (invalid UTF-8 replaced, as PrintJson does).
  static void AppendQuoted(std::string& out, std::string_view text) {
    bool plain = true;
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x7F || c == '"' || c == '\\') {
        plain = false;
        break;
      }
    }
    if (plain) {
      out += '"';
      out += text;
      out += '"';
    } else {
      out += Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
    }
  }
  static std::string Quote(std::string_view text) {
    std::string out;
    AppendQuoted(out, text);
    return out;
  }

 private:
  void Newline(int level) {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(static_cast<size_t>(indent_) * static_cast<size_t>(level), ' ');
  }
  // Before a key, or a value in an array.
  void Element() {
    if (open_.empty()) return;
    if (!open_.back()) out_ += ',';
    open_.back() = false;
    Newline(depth_ + static_cast<int>(open_.size()));
  }
  void Value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    Element();
  }
  void Open(char c) {
    Value();
    out_ += c;
    open_.push_back(true);
  }
  void Close(char c) {
    const bool empty = open_.back();
    open_.pop_back();
    if (!empty) Newline(depth_ + static_cast<int>(open_.size()));
    out_ += c;
  }

  std::string& out_;
  const int indent_;
  const int depth_;
  std::vector<bool> open_;  // one per open container: true while it is still empty
  bool after_key_ = false;
};

// Moves as JSON, fast: every name (parties, issues, discrete values) is quoted once per
// scenario, so a move is a few hundred bytes appended to a string.
class MoveJsonWriter {
 public:
  explicit MoveJsonWriter(const PreparedScenario& scenario)
      : scenario_(scenario), values_(scenario.space().NumIssues()) {
    for (size_t p = 0; p < scenario.NumParties(); ++p)
      parties_.push_back(JsonText::Quote(scenario.scenario().parties[p].name));
    for (const Issue& issue : scenario.space().issues())
      issues_.push_back(JsonText::Quote(issue.name));
  }

  /// Appends MoveToJson(move).dump(indent) as it would print at nesting `depth`.
  void Write(std::string& out, const Move& move, int indent = -1, int depth = 0) {
    const OutcomeSpace& space = scenario_.space();
    JsonText j(out, indent, depth);
    j.BeginObject();
    j.Key("\"round\"");
    j.Int(move.round + 1);
    j.Key("\"time\"");
    j.Number(move.time);
    j.Key("\"party\"");
    j.Quoted(Party(move.party));
    j.Key("\"turn\"");
    j.Quoted(Plain(TurnKindName(move.turn)));
    j.Key("\"action\"");
    j.Quoted(Plain(ActionKindName(KindOf(move.action))));
    j.Key("\"outcome\"");
    if (move.outcome) {
      j.BeginObject();
      for (size_t i = 0; i < move.outcome->size() && i < space.NumIssues(); ++i) {
        j.Key(issues_[i]);
        Value(j, i, (*move.outcome)[i]);
      }
      j.EndObject();
    } else {
      j.Null();
    }
    j.Key("\"utilities\"");
    j.BeginArray();
    for (double u : move.utilities) j.Number(u);
    j.EndArray();
    if (const auto* p = std::get_if<PartialOffer>(&move.action)) {
      j.Key("\"values\"");
      j.BeginObject();
      // As a JSON object: a repeated issue keeps its first position and its last value.
      std::vector<const IssueValue*> order;
      for (const IssueValue& iv : p->values) {
        auto same = std::find_if(order.begin(), order.end(),
                                 [&](const IssueValue* o) { return o->issue == iv.issue; });
        if (same == order.end())
          order.push_back(&iv);
        else
          *same = &iv;
      }
      for (const IssueValue* iv : order) {
        j.Key(issues_[iv->issue]);
        Value(j, iv->issue, iv->value);
      }
      j.EndObject();
    }
    if (const auto* a = std::get_if<Accept>(&move.action); a && !a->conditions.empty()) {
      j.Key("\"conditions\"");
      j.BeginArray();
      for (const Clause& c : a->conditions) {
        j.BeginObject();
        j.Key("\"issue\"");
        j.Quoted(issues_[c.issue]);
        j.Key("\"allowed\"");
        j.BeginArray();
        for (ValueIndex v : c.allowed) Value(j, c.issue, v);
        j.EndArray();
        j.EndObject();
      }
      j.EndArray();
    }
    if (const auto* r = std::get_if<Reopen>(&move.action)) {
      j.Key("\"issue\"");
      j.Quoted(issues_[r->issue]);
    }
    if (!move.note.empty()) {
      j.Key("\"note\"");
      j.String(move.note);
    }
    j.EndObject();
  }

 private:
  const std::string& Party(int party) {
    static const std::string kMediatorName = "\"mediator\"", kUnknown = "\"?\"";
    if (party == kMediator) return kMediatorName;
    if (party < 0 || static_cast<size_t>(party) >= parties_.size()) return kUnknown;
    return parties_[party];
  }
  // Names of kinds are plain lowercase words.
  std::string_view Plain(std::string_view word) {
    scratch_ = '"';
    scratch_ += word;
    scratch_ += '"';
    return scratch_;
  }
  void Value(JsonText& j, size_t issue_index, ValueIndex v) {
    const Issue& issue = scenario_.space().issue(issue_index);
    switch (issue.kind) {
      case IssueKind::kDiscrete: {
        std::vector<std::string>& names = values_[issue_index];
        if (names.empty()) names.resize(issue.Cardinality());
        if (v >= names.size()) return j.Quoted(JsonText::Quote(issue.ValueName(v)));
        if (names[v].empty()) names[v] = JsonText::Quote(issue.ValueName(v));
        return j.Quoted(names[v]);
      }
      case IssueKind::kInteger:
        return j.Int(static_cast<int64_t>(issue.NumericValue(v)));
      case IssueKind::kReal:
        return j.Number(issue.NumericValue(v));
    }
  }

  const PreparedScenario& scenario_;
  std::vector<std::string> parties_, issues_;
  std::vector<std::vector<std::string>> values_;  // quoted discrete value names, filled lazily
  std::string scratch_;
};

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

// Track names for the round states: the record's, or (should a protocol record states without
// one) the scenario's agenda, which is what the single undertaking negotiates.
std::vector<std::string> TrackNames(const PreparedScenario& scenario, const NegotiationResult& n) {
  std::vector<std::string> names;
  if (n.undertaking) {
    for (const TrackRecord& t : n.undertaking->tracks) names.push_back(t.name);
  } else {
    for (const Track& t : scenario.scenario().EffectiveTracks()) names.push_back(t.name);
  }
  return names;
}

const std::string& NameAt(const std::vector<std::string>& names, size_t i) {
  static const std::string kUnknown = "?";
  return i < names.size() ? names[i] : kUnknown;
}

Json IssuesJson(const PreparedScenario& scenario, const std::vector<std::string>& tracks,
                const std::vector<IssueRecord>& issues) {
  const OutcomeSpace& space = scenario.space();
  Json out = Json::array();
  for (size_t i = 0; i < issues.size() && i < space.NumIssues(); ++i) {
    const IssueRecord& issue = issues[i];
    out.push_back(
        {{"name", space.issue(i).name},
         {"track", NameAt(tracks, issue.track)},
         {"status", DraftStatusName(issue.status)},
         {"value", issue.value ? Json(space.issue(i).ValueName(*issue.value)) : Json(nullptr)},
         {"reopened", issue.reopened}});
  }
  return out;
}

Json RoundStateJson(const PreparedScenario& scenario, const std::vector<std::string>& tracks,
                    const RoundState& s) {
  if (!s.undertaking) return Json::object();
  const OutcomeSpace& space = scenario.space();
  const UndertakingRoundState& u = *s.undertaking;
  Json open = Json::array();
  for (size_t t : u.open_tracks) open.push_back(NameAt(tracks, t));
  Json standing = Json::array();
  for (const StandingRecord& p : u.standing) {
    Json values = Json::object();
    for (const IssueValue& iv : p.values)
      values[space.issue(iv.issue).name] = space.issue(iv.issue).ValueName(iv.value);
    Json accepted = Json::array();
    for (size_t q : p.accepted_by) accepted.push_back(PartyName(scenario, static_cast<int>(q)));
    standing.push_back({{"track", NameAt(tracks, p.track)},
                        {"proposer", PartyName(scenario, static_cast<int>(p.proposer))},
                        {"values", values},
                        {"accepted_by", accepted}});
  }
  return {{"round", s.round + 1},  // 1-based, as in moves
          {"issues", IssuesJson(scenario, tracks, u.issues)},
          {"open_tracks", open},
          {"standing", standing}};
}

}  // namespace

Json UndertakingToJson(const PreparedScenario& scenario, const UndertakingRecord& record) {
  const OutcomeSpace& space = scenario.space();
  std::vector<std::string> track_names;
  for (const TrackRecord& t : record.tracks) track_names.push_back(t.name);
  Json j;
  j["binding"] = BindingName(record.binding);
  j["issues"] = IssuesJson(scenario, track_names, record.issues);
  Json tracks = Json::array();
  for (const TrackRecord& t : record.tracks) {
    Json parties = Json::array(), issues = Json::array();
    for (size_t p : t.parties) parties.push_back(PartyName(scenario, static_cast<int>(p)));
    for (size_t i : t.issues) issues.push_back(space.issue(i).name);
    tracks.push_back(
        {{"name", t.name},
         {"parties", parties},
         {"issues", issues},
         {"opened_round", t.opened_round ? Json(*t.opened_round + 1) : Json(nullptr)}});
  }
  j["tracks"] = tracks;
  j["reopenings"] = record.reopenings;
  j["votes_held"] = record.votes_held;
  Json vote = nullptr;
  if (record.final_vote) {
    const FinalVote& v = *record.final_vote;
    Json votes = Json::array();
    for (size_t k = 0; k < v.ratifiers.size(); ++k) {
      Json entry = {{"party", PartyName(scenario, static_cast<int>(v.ratifiers[k]))}};
      entry["vote"] =
          k < v.accepted.size() ? Json(v.accepted[k] ? "accept" : "reject") : Json(nullptr);
      votes.push_back(entry);
    }
    Json package = Json::object();
    for (size_t i = 0; i < v.package.size() && i < space.NumIssues(); ++i)
      package[space.issue(i).name] = space.issue(i).ValueName(v.package[i]);
    vote = {{"round", v.round + 1}, {"package", package}, {"votes", votes}, {"passed", v.passed}};
  }
  j["final_vote"] = vote;
  j["blockers"] = record.blockers;
  return j;
}

Json MoveToJson(const PreparedScenario& scenario, const Move& move) {
  std::string text;
  MoveJsonWriter(scenario).Write(text, move);
  return Json::parse(text);
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
  if (n.undertaking) {
    Json details = UndertakingToJson(scenario, *n.undertaking);
    for (auto it = details.begin(); it != details.end(); ++it) j[it.key()] = it.value();
  }
  if (include_moves) {
    Json moves = Json::array();
    MoveJsonWriter writer(scenario);
    std::string text;
    for (const Move& move : n.moves) {
      text.clear();
      writer.Write(text, move);
      moves.push_back(Json::parse(text));
    }
    j["moves"] = moves;
  }
  return j;
}

void WriteSessionJson(std::ostream& out, const PreparedScenario& scenario,
                      const SessionResult& result) {
  // Everything but the moves is small: nlohmann writes it, and the moves, last, stream after it.
  std::string text = SessionToJson(scenario, result, /*include_moves=*/false)
                         .dump(2, ' ', false, Json::error_handler_t::replace);
  text.resize(text.size() - 2);  // "\n}"
  text += ",\n  \"moves\": [";
  MoveJsonWriter writer(scenario);
  bool first = true;
  for (const Move& move : result.negotiation.moves) {
    text += first ? "\n    " : ",\n    ";
    first = false;
    writer.Write(text, move, 2, 2);
    if (text.size() >= (size_t{1} << 16)) {
      out << text;
      text.clear();
    }
  }
  text += first ? "]\n}\n" : "\n  ]\n}\n";
  out << text;
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

  // A listing longer than a screen (or of moves not kept) is one line saying so.
  size_t listing_lines = n.moves.size() + 1;
  for (const RoundState& s : n.round_states) listing_lines += !s.text.empty();
  const bool omitted =
      options.show_moves && n.num_moves > 0 &&
      (n.moves.empty() || n.moves_dropped || listing_lines > options.max_listing_lines);
  if (omitted) {
    out << "\n(" << n.num_moves << (n.num_moves == 1 ? " move" : " moves") << " in " << n.rounds
        << (n.rounds == 1 ? " round" : " rounds")
        << (n.moves.empty() && !n.moves_dropped ? ", not kept" : ", longer than the screen")
        << (options.omitted_hint.empty() ? "" : ": " + options.omitted_hint) << ")\n";
  } else if (options.show_moves && !n.moves.empty()) {
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
    out << s.round + 1 << ",,,state,state";
    for (size_t i = 0; i < space.NumIssues(); ++i) {
      out << ",";
      if (!s.undertaking || i >= s.undertaking->issues.size()) continue;
      const IssueRecord& issue = s.undertaking->issues[i];
      std::string cell(DraftStatusName(issue.status));
      if (issue.value) cell += ":" + space.issue(i).ValueName(*issue.value);
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
  const std::vector<std::string> tracks = TrackNames(scenario, r.negotiation);
  MoveJsonWriter writer(scenario);
  std::string text;
  auto flush = [&](bool always) {
    if (!always && text.size() < (size_t{1} << 16)) return;
    out << text;
    text.clear();
  };
  Interleave(
      r.negotiation,
      [&](const Move& move) {
        writer.Write(text, move);
        text += '\n';
        flush(false);
      },
      [&](const RoundState& s) {
        text += Json{{"state", RoundStateJson(scenario, tracks, s)}}.dump(
            -1, ' ', false, Json::error_handler_t::replace);
        text += '\n';
        flush(false);
      });
  flush(true);
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
