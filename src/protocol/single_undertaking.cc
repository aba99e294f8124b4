// The single-undertaking protocol (see include/parley/protocol/single_undertaking.h for the
// rules). The state lives in one UndertakingState that every turn shows to the agents; the
// protocol only applies moves to it, opens tracks, and checks and votes on complete packages.

#include "parley/protocol/single_undertaking.h"

#include <algorithm>
#include <string>
#include <utility>

#include "parley/protocol/protocol.h"

namespace parley {

std::string_view DraftStatusName(DraftStatus status) {
  switch (status) {
    case DraftStatus::kOpen:
      return "open";
    case DraftStatus::kAgreedInDraft:
      return "agreed-in-draft";
    case DraftStatus::kFinal:
      return "final";
  }
  return "unknown";
}

std::string_view BindingName(Binding binding) {
  switch (binding) {
    case Binding::kSingleUndertaking:
      return "single-undertaking";
    case Binding::kIssueByIssue:
      return "issue-by-issue";
  }
  return "unknown";
}

bool UndertakingState::Complete() const {
  return std::all_of(issues.begin(), issues.end(),
                     [](const DraftIssue& i) { return i.status != DraftStatus::kOpen; });
}

std::vector<std::optional<ValueIndex>> UndertakingState::Draft() const {
  std::vector<std::optional<ValueIndex>> out;
  out.reserve(issues.size());
  for (const DraftIssue& i : issues) out.push_back(i.value);
  return out;
}

std::optional<Outcome> UndertakingState::Package() const {
  if (!Complete()) return std::nullopt;
  Outcome out;
  out.reserve(issues.size());
  for (const DraftIssue& i : issues) out.push_back(*i.value);
  return out;
}

bool UndertakingState::Stuck() const {
  if (!Complete()) return false;
  if (!blockers.empty()) return true;
  return last_vote && !last_vote->passed && Package() == last_vote->package;
}

bool UndertakingState::InTrack(size_t t, size_t party) const {
  if (t >= tracks.size()) return false;
  const auto& p = tracks[t].parties;
  return std::find(p.begin(), p.end(), party) != p.end();
}

namespace {

std::string Ordinal(int n) {
  const int mod100 = n % 100;
  const char* suffix = "th";
  if (mod100 < 11 || mod100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

std::string DescribeClauses(const std::vector<Clause>& clauses, const OutcomeSpace& space) {
  std::string out;
  for (const Clause& c : clauses) {
    if (!out.empty()) out += " and ";
    const Issue& issue = space.issue(c.issue);
    out += issue.name + " in {";
    for (size_t i = 0; i < c.allowed.size(); ++i)
      out += (i ? ", " : "") + issue.ValueName(c.allowed[i]);
    out += "}";
  }
  return out;
}

std::string DescribeValues(const std::vector<IssueValue>& values, const OutcomeSpace& space) {
  std::string out;
  for (const IssueValue& iv : values) {
    if (!out.empty()) out += ", ";
    out += space.issue(iv.issue).name + "=" + space.issue(iv.issue).ValueName(iv.value);
  }
  return out;
}

class SingleUndertaking final : public Protocol {
 public:
  explicit SingleUndertaking(const SingleUndertakingOptions& options) : options_(options) {
    info_.name = "single-undertaking";
    info_.description =
        "single undertaking: tracks of issues negotiated by partial offers, (conditional) "
        "acceptances and reopenings; nothing is agreed until every issue is agreed in draft, "
        "every condition holds and every ratifier accepts the whole package (binding=issue-by-"
        "issue: each issue final once agreed)";
    info_.first_turn_can_accept = false;
    info_.min_parties = 2;
  }

  const ProtocolInfo& info() const override { return info_; }

  /// The agenda must make sense: tracks and ratifiers that name existing issues and parties,
  /// every issue in exactly one track, opening conditions without cycles.
  Status Check(const Scenario& scenario) const override {
    PARLEY_RETURN_IF_ERROR(Protocol::Check(scenario));
    return ValidateScenario(scenario);
  }

  void Start(Table& table) override {
    const Scenario& scenario = table.scenario().scenario();
    const OutcomeSpace& space = table.space();
    state_.binding = options_.binding.value_or(
        scenario.rules.single_undertaking ? Binding::kSingleUndertaking : Binding::kIssueByIssue);
    state_.issues.assign(space.NumIssues(), DraftIssue{});
    for (const Track& track : scenario.EffectiveTracks()) {
      DraftTrack t;
      t.name = track.name;
      t.issues = track.issues;
      t.parties = track.parties;
      t.opens_after = track.opens_after;
      t.open = !track.opens_after.has_value();
      if (t.open) t.opened_round = 0;
      for (size_t i : t.issues) state_.issues[i].track = state_.tracks.size();
      state_.tracks.push_back(std::move(t));
    }
    state_.standing.assign(state_.tracks.size(), std::nullopt);
    if (state_.binding == Binding::kSingleUndertaking) {
      state_.ratifiers = scenario.rules.ratifiers;
      if (state_.ratifiers.empty())
        for (size_t p = 0; p < table.num_parties(); ++p) state_.ratifiers.push_back(p);
    }
    wishes_.assign(table.num_parties(),
                   std::vector<std::optional<ValueIndex>>(space.NumIssues(), std::nullopt));
    latest_.assign(space.NumIssues(), std::nullopt);
    last_signature_ = Signature();
  }

  void RunRound(Table& table) override {
    RunTurns(table);
    RecordRound(table);
    if (table.over()) Finish(table);
  }

  void Close(Table& table) override { Finish(table); }

 private:
  void RunTurns(Table& table) {
    for (size_t t = 0; t < state_.tracks.size(); ++t) {
      if (!state_.tracks[t].open) continue;
      // Copy: the track's party list does not change, but be safe against reallocation.
      const std::vector<size_t> parties = state_.tracks[t].parties;
      for (size_t party : parties) {
        if (table.over()) return;
        std::optional<Action> action = table.Ask(party, MakeTurn(t, party));
        if (!action) return;
        Apply(table, t, party, *action);
        if (table.over()) return;
        OpenTracks(table);
        MaybeConclude(table);
        if (table.over()) return;
      }
    }
  }

  Turn MakeTurn(size_t t, size_t party) {
    state_.track = t;
    Turn turn;
    turn.kind = TurnKind::kPackage;
    turn.details = &state_;
    turn.allowed = {ActionKind::kOffer, ActionKind::kPartialOffer, ActionKind::kReject,
                    ActionKind::kEnd};
    const auto& standing = state_.standing[t];
    if (standing && !Accepted(*standing, party)) {
      turn.allowed = turn.allowed.With(ActionKind::kAccept);
      view_ = View(party, *standing);
      turn.offer = &view_;
      turn.offer_from = static_cast<int>(standing->proposer);
    }
    if (state_.binding == Binding::kSingleUndertaking) {
      for (size_t i : state_.tracks[t].issues) {
        if (state_.issues[i].status == DraftStatus::kAgreedInDraft) {
          turn.allowed = turn.allowed.With(ActionKind::kReopen);
          break;
        }
      }
    }
    return turn;
  }

  static bool Accepted(const StandingProposal& proposal, size_t party) {
    return std::find(proposal.accepted_by.begin(), proposal.accepted_by.end(), party) !=
           proposal.accepted_by.end();
  }

  /// The package as `party` would see it if `proposal` were agreed: its values, the agreed
  /// values elsewhere, and for the rest what was said in public: the party's own latest
  /// proposals, then the proposer's, then anyone's latest, then the first value. General-purpose
  /// agents judge partial proposals on this whole package. It is public (the trace records it
  /// with the acceptance), so it uses nothing private.
  Outcome View(size_t party, const StandingProposal& proposal) const {
    Outcome out(state_.issues.size(), 0);
    for (size_t i = 0; i < out.size(); ++i) {
      if (state_.issues[i].value) {
        out[i] = *state_.issues[i].value;
      } else if (wishes_[party][i]) {
        out[i] = *wishes_[party][i];
      } else if (wishes_[proposal.proposer][i]) {
        out[i] = *wishes_[proposal.proposer][i];
      } else if (latest_[i]) {
        out[i] = *latest_[i];
      }
    }
    for (const IssueValue& iv : proposal.values) out[iv.issue] = iv.value;
    return out;
  }

  void Apply(Table& table, size_t t, size_t party, const Action& action) {
    if (const auto* offer = std::get_if<Offer>(&action)) {
      ApplyWholeOffer(table, t, party, offer->outcome);
    } else if (const auto* partial = std::get_if<PartialOffer>(&action)) {
      for (const IssueValue& iv : partial->values) {
        if (!CheckProposable(table, t, party, iv.issue)) return;
      }
      Propose(table, t, party, partial->values);
    } else if (const auto* accept = std::get_if<Accept>(&action)) {
      AcceptStanding(table, t, party, accept->conditions);
    } else if (std::holds_alternative<Reject>(action)) {
      auto& standing = state_.standing[t];
      if (standing && !Accepted(*standing, party)) {
        table.Annotate("the proposal of " + PartyName(table, standing->proposer) + " is withdrawn");
        standing.reset();
      } else {
        table.Annotate("passes");
      }
    } else if (const auto* reopen = std::get_if<Reopen>(&action)) {
      const size_t i = reopen->issue;
      const DraftIssue& issue = state_.issues[i];
      if (issue.track != t) {
        table.Fail(party, FailureKind::kIllegalAction,
                   "reopened issue '" + IssueName(table, i) + "' of track '" +
                       state_.tracks[issue.track].name + "' on a turn of track '" +
                       state_.tracks[t].name + "'");
        return;
      }
      if (issue.status != DraftStatus::kAgreedInDraft) {
        table.Fail(party, FailureKind::kIllegalAction,
                   "reopened issue '" + IssueName(table, i) + "', which is " +
                       std::string(DraftStatusName(issue.status)) + ", not agreed in draft");
        return;
      }
      ReopenIssue(table, i);
    }
  }

  /// A partial offer must name open issues of the turn's track.
  bool CheckProposable(Table& table, size_t t, size_t party, size_t i) {
    const DraftIssue& issue = state_.issues[i];
    std::string why;
    if (issue.track != t) {
      why = "it belongs to track '" + state_.tracks[issue.track].name + "'" +
            (state_.tracks[issue.track].open ? "" : " (closed)") + ", not to this turn's track '" +
            state_.tracks[t].name + "'";
    } else if (issue.status != DraftStatus::kOpen) {
      why = "it is " + std::string(DraftStatusName(issue.status)) +
            (issue.status == DraftStatus::kAgreedInDraft ? " (reopen it first)" : "");
    }
    if (why.empty()) return true;
    table.Fail(party, FailureKind::kIllegalAction,
               "proposed a value for issue '" + IssueName(table, i) + "', but " + why);
    return false;
  }

  void ApplyWholeOffer(Table& table, size_t t, size_t party, const Outcome& outcome) {
    for (size_t i = 0; i < outcome.size(); ++i) latest_[i] = wishes_[party][i] = outcome[i];
    std::vector<IssueValue> values;
    for (size_t i : state_.tracks[t].issues)
      if (state_.issues[i].status == DraftStatus::kOpen) values.push_back({i, outcome[i]});
    if (values.empty() && state_.Stuck()) {
      // The package is complete but cannot pass: a whole-package offer asks for a change.
      std::vector<size_t> reopen;
      for (size_t i : state_.tracks[t].issues)
        if (state_.issues[i].status == DraftStatus::kAgreedInDraft &&
            *state_.issues[i].value != outcome[i])
          reopen.push_back(i);
      for (size_t i : reopen) {
        ReopenIssue(table, i);
        values.push_back({i, outcome[i]});
      }
    }
    if (values.empty()) {
      table.Annotate("no open issue in track '" + state_.tracks[t].name + "': passes");
      return;
    }
    std::sort(values.begin(), values.end(),
              [](const IssueValue& a, const IssueValue& b) { return a.issue < b.issue; });
    table.Annotate("taken as a proposal on " + DescribeValues(values, table.space()));
    Propose(table, t, party, std::move(values));
  }

  void Propose(Table& table, size_t t, size_t party, std::vector<IssueValue> values) {
    for (const IssueValue& iv : values) latest_[iv.issue] = wishes_[party][iv.issue] = iv.value;
    StandingProposal proposal;
    proposal.proposer = party;
    proposal.values = std::move(values);
    proposal.round = table.round();
    proposal.accepted_by = {party};
    state_.standing[t] = std::move(proposal);
    MaybeAgree(table, t);
  }

  void AcceptStanding(Table& table, size_t t, size_t party, const std::vector<Clause>& conditions) {
    StandingProposal& proposal = *state_.standing[t];  // Accept is only allowed when one stands.
    proposal.accepted_by.push_back(party);
    if (!conditions.empty()) {
      proposal.conditions.push_back({party, conditions, table.round()});
      table.Annotate("condition: " + DescribeClauses(conditions, table.space()));
    }
    MaybeAgree(table, t);
  }

  /// Agrees the track's standing proposal once every party of the track accepts it.
  void MaybeAgree(Table& table, size_t t) {
    StandingProposal& proposal = *state_.standing[t];
    for (size_t p : state_.tracks[t].parties)
      if (!Accepted(proposal, p)) return;
    const DraftStatus status = state_.binding == Binding::kSingleUndertaking
                                   ? DraftStatus::kAgreedInDraft
                                   : DraftStatus::kFinal;
    for (const IssueValue& iv : proposal.values) {
      DraftIssue& issue = state_.issues[iv.issue];
      issue.status = status;
      issue.value = iv.value;
      issue.agreed_round = table.round();
      issue.conditions = proposal.conditions;
    }
    table.Annotate(std::string(status == DraftStatus::kFinal ? "final: " : "agreed in draft: ") +
                   DescribeValues(proposal.values, table.space()));
    state_.standing[t].reset();
  }

  void ReopenIssue(Table& table, size_t i) {
    DraftIssue& issue = state_.issues[i];
    issue.status = DraftStatus::kOpen;
    issue.value.reset();
    issue.conditions.clear();
    ++issue.reopened;
    ++state_.reopenings;
    state_.blockers.clear();
    table.Annotate(IssueName(table, i) + " reopened (" + Ordinal(issue.reopened) + " time)");
  }

  void OpenTracks(Table& table) {
    // Opening one track may satisfy another's condition only after it is agreed, so one pass
    // per move suffices; a track that opens now gets its turns later in this round.
    for (DraftTrack& track : state_.tracks) {
      if (track.open || !track.opens_after) continue;
      const DraftTrack& before = state_.tracks[*track.opens_after];
      const bool agreed = std::all_of(before.issues.begin(), before.issues.end(), [&](size_t i) {
        return state_.issues[i].status != DraftStatus::kOpen;
      });
      if (!agreed) continue;
      track.open = true;
      track.opened_round = table.round();
      table.Annotate("track '" + track.name + "' opens");
    }
  }

  /// On completing the package: check it, then (single undertaking) put it to the vote.
  void MaybeConclude(Table& table) {
    const bool complete = state_.Complete();
    const bool newly = complete && !was_complete_;
    was_complete_ = complete;
    if (!newly) return;
    const Outcome package = *state_.Package();
    state_.blockers = CheckPackage(table, package);
    if (!state_.blockers.empty()) {
      std::string note = "package complete but blocked: ";
      for (size_t b = 0; b < state_.blockers.size(); ++b)
        note += (b ? "; " : "") + state_.blockers[b].text;
      if (state_.binding == Binding::kIssueByIssue)
        note += " (issue-by-issue binding: nothing can be reopened)";
      table.Annotate(std::move(note));
      return;
    }
    if (state_.binding == Binding::kIssueByIssue) {
      table.Annotate("every issue is final: agreement");
      table.Agree(package);
      return;
    }
    table.Annotate("package complete: final vote");
    FinalVote vote;
    vote.round = table.round();
    vote.package = package;
    vote.ratifiers = state_.ratifiers;
    ++state_.votes_held;
    state_.track = state_.tracks.size();
    for (size_t r : state_.ratifiers) {
      Turn turn;
      turn.kind = TurnKind::kRatify;
      turn.allowed = {ActionKind::kAccept, ActionKind::kReject, ActionKind::kEnd};
      turn.offer = &vote.package;
      turn.details = &state_;
      std::optional<Action> action = table.Ask(r, turn);
      if (!action) return;  // walked away or failed during the vote
      vote.accepted.push_back(std::holds_alternative<Accept>(*action));
      table.Annotate(vote.accepted.back() ? "votes for the whole package"
                                          : "votes against the whole package");
    }
    vote.passed = std::all_of(vote.accepted.begin(), vote.accepted.end(), [](bool a) { return a; });
    std::string note = std::string("final vote ") + (vote.passed ? "passes" : "fails") + ": ";
    for (size_t k = 0; k < vote.ratifiers.size(); ++k)
      note += (k ? ", " : "") + PartyName(table, vote.ratifiers[k]) +
              (vote.accepted[k] ? " accepts" : " rejects");
    table.Annotate(std::move(note));
    state_.last_vote = vote;
    if (vote.passed) {
      for (DraftIssue& issue : state_.issues) issue.status = DraftStatus::kFinal;
      table.Agree(package);
    }
  }

  std::vector<PackageBlocker> CheckPackage(Table& table, const Outcome& package) const {
    std::vector<PackageBlocker> out;
    const OutcomeSpace& space = table.space();
    // Conditions, each once (a multi-issue acceptance attaches its conditions to every issue).
    std::vector<AttachedCondition> seen;
    for (const DraftIssue& issue : state_.issues) {
      for (const AttachedCondition& c : issue.conditions) {
        if (std::find(seen.begin(), seen.end(), c) != seen.end()) continue;
        seen.push_back(c);
        std::vector<Clause> failing;
        for (const Clause& clause : c.clauses)
          if (!ClauseHolds(clause, package)) failing.push_back(clause);
        if (failing.empty()) continue;
        PackageBlocker b;
        b.kind = PackageBlocker::Kind::kCondition;
        b.party = c.party;
        for (const Clause& clause : failing) b.issues.push_back(clause.issue);
        b.text = "condition of " + PartyName(table, c.party) +
                 " fails: " + DescribeClauses(failing, space);
        out.push_back(std::move(b));
      }
    }
    const Scenario& scenario = table.scenario().scenario();
    for (size_t p = 0; p < scenario.NumParties(); ++p) {
      for (const Constraint& c : scenario.parties[p].profile.constraints) {
        bool when = std::all_of(c.when.begin(), c.when.end(),
                                [&](const Clause& w) { return ClauseHolds(w, package); });
        if (!when || ClauseHolds(c.then, package)) continue;
        PackageBlocker b;
        b.kind = PackageBlocker::Kind::kConstraint;
        b.party = p;
        for (const Clause& w : c.when) b.issues.push_back(w.issue);
        b.issues.push_back(c.then.issue);
        b.text = "hard constraint of " + PartyName(table, p) + " fails: " +
                 (c.description.empty() ? DescribeClauses({c.then}, space) : c.description);
        out.push_back(std::move(b));
      }
    }
    for (PackageBlocker& b : out) {
      std::sort(b.issues.begin(), b.issues.end());
      b.issues.erase(std::unique(b.issues.begin(), b.issues.end()), b.issues.end());
    }
    return out;
  }

  /// What changes the transcript's per-round line: statuses, values, open tracks.
  std::string Signature() const {
    std::string s;
    for (const DraftIssue& i : state_.issues)
      s += std::to_string(static_cast<int>(i.status)) + ":" +
           (i.value ? std::to_string(*i.value) : "-") + ",";
    for (const DraftTrack& t : state_.tracks) s += t.open ? "o" : "c";
    return s;
  }

  std::string StateLine(Table& table) const {
    const OutcomeSpace& space = table.space();
    std::string line;
    for (size_t i = 0; i < state_.issues.size(); ++i) {
      const DraftIssue& issue = state_.issues[i];
      if (!line.empty()) line += ", ";
      line += space.issue(i).name + "=";
      if (issue.status == DraftStatus::kOpen) {
        line += state_.tracks[issue.track].open ? "open" : "closed";
      } else {
        line += space.issue(i).ValueName(*issue.value) +
                (issue.status == DraftStatus::kFinal ? " (final)" : " (draft)");
      }
    }
    return line;
  }

  std::vector<IssueRecord> IssueRecords() const {
    std::vector<IssueRecord> out;
    out.reserve(state_.issues.size());
    for (const DraftIssue& issue : state_.issues)
      out.push_back({issue.track, issue.status, issue.value, issue.reopened});
    return out;
  }

  void RecordRound(Table& table) {
    const std::string signature = Signature();
    std::string text;
    if (signature != last_signature_) text = StateLine(table);
    last_signature_ = signature;
    UndertakingRoundState state;
    state.issues = IssueRecords();
    for (size_t t = 0; t < state_.tracks.size(); ++t) {
      if (state_.tracks[t].open) state.open_tracks.push_back(t);
      if (const auto& s = state_.standing[t])
        state.standing.push_back({t, s->proposer, s->values, s->accepted_by});
    }
    table.AddRoundState(std::move(text), std::move(state));
  }

  void Finish(Table& table) {
    if (finished_) return;
    finished_ = true;
    UndertakingRecord record;
    record.binding = state_.binding;
    record.issues = IssueRecords();
    for (const DraftTrack& t : state_.tracks)
      record.tracks.push_back({t.name, t.parties, t.issues, t.opened_round});
    record.reopenings = state_.reopenings;
    record.votes_held = state_.votes_held;
    record.final_vote = state_.last_vote;
    for (const PackageBlocker& b : state_.blockers) record.blockers.push_back(b.text);
    table.SetUndertaking(std::move(record));

    // Summary lines for the transcript.
    int drafted = 0, final = 0;
    for (const DraftIssue& i : state_.issues) {
      drafted += i.status == DraftStatus::kAgreedInDraft;
      final += i.status == DraftStatus::kFinal;
    }
    const size_t n = state_.issues.size();
    table.AddSummary("binding: " + std::string(BindingName(state_.binding)));
    if (final == static_cast<int>(n)) {
      table.AddSummary("every issue final");
    } else {
      table.AddSummary(std::to_string(drafted) + " of " + std::to_string(n) +
                       " issues agreed in draft, " + std::to_string(final) + " final, " +
                       std::to_string(n - drafted - final) + " open: " + StateLine(table));
    }
    table.AddSummary("reopenings: " + std::to_string(state_.reopenings));
    if (state_.last_vote) {
      const FinalVote& v = *state_.last_vote;
      std::string line = "final vote (round " + std::to_string(v.round + 1) + ", " +
                         std::to_string(state_.votes_held) +
                         " held): " + (v.passed ? "passed" : "failed") + " -";
      for (size_t k = 0; k < v.ratifiers.size(); ++k) {
        line += (k ? ", " : " ") + PartyName(table, v.ratifiers[k]) + " ";
        line += k < v.accepted.size() ? (v.accepted[k] ? "accepts" : "rejects") : "did not vote";
      }
      table.AddSummary(line);
    } else if (state_.binding == Binding::kSingleUndertaking) {
      table.AddSummary("final vote: none reached");
    }
    for (const PackageBlocker& b : state_.blockers) table.AddSummary("blocked: " + b.text);
  }

  static std::string PartyName(const Table& table, size_t party) {
    return table.scenario().scenario().parties[party].name;
  }
  static std::string IssueName(const Table& table, size_t issue) {
    return table.space().issue(issue).name;
  }

  ProtocolInfo info_;
  SingleUndertakingOptions options_;
  UndertakingState state_;
  /// Per party, per issue: the value it last proposed (for `View`).
  std::vector<std::vector<std::optional<ValueIndex>>> wishes_;
  /// Per issue: the value last proposed by anyone.
  std::vector<std::optional<ValueIndex>> latest_;
  Outcome view_;
  bool was_complete_ = false;
  bool finished_ = false;
  std::string last_signature_;
};

}  // namespace

std::unique_ptr<Protocol> MakeSingleUndertaking(const SingleUndertakingOptions& options) {
  return std::make_unique<SingleUndertaking>(options);
}

Result<std::unique_ptr<Protocol>> MakeSingleUndertakingFromSpec(SpecParams& params) {
  PARLEY_ASSIGN_OR_RETURN(std::string binding, params.String("binding", "scenario"));
  SingleUndertakingOptions options;
  if (binding == "single-undertaking") {
    options.binding = Binding::kSingleUndertaking;
  } else if (binding == "issue-by-issue") {
    options.binding = Binding::kIssueByIssue;
  } else if (binding != "scenario") {
    return Error::BadInput(
        "protocol 'single-undertaking': binding must be scenario, "
        "single-undertaking or issue-by-issue, not '" +
            binding + "'",
        {}, 0, "binding");
  }
  return MakeSingleUndertaking(options);
}

}  // namespace parley
