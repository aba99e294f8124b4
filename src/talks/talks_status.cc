#include "parley/talks/talks_status.h"

#include <algorithm>
#include <map>

namespace parley {

namespace {

bool ClauseKnown(const Clause& clause, const std::vector<std::optional<ValueIndex>>& package) {
  return clause.issue < package.size() && package[clause.issue].has_value();
}

bool ClauseHolds(const Clause& clause, const std::vector<std::optional<ValueIndex>>& package) {
  const ValueIndex value = *package[clause.issue];
  return std::find(clause.allowed.begin(), clause.allowed.end(), value) != clause.allowed.end();
}

std::string JoinNames(const std::vector<size_t>& parties, const Scenario& s) {
  std::string out;
  for (size_t p : parties) out += (out.empty() ? "" : ", ") + s.parties[p].name;
  return out;
}

bool IsAgreed(IssueStatus status) {
  return status == IssueStatus::kAgreedInDraft || status == IssueStatus::kFinal;
}

std::string SourceOf(const LedgerEntry& entry) {
  if (entry.source.empty()) return entry.source_kind;
  return entry.source_kind.empty() ? entry.source : entry.source_kind + ": " + entry.source;
}

/// The replay: one pass over the entries, keeping each issue's standing acceptances.
class StatusReplay {
 public:
  explicit StatusReplay(const LedgerState& state) : state_(state), s_(state.structure) {
    out_.tracks = s_.EffectiveTracks();
    track_of_issue_.assign(s_.space.NumIssues(), 0);
    for (size_t t = 0; t < out_.tracks.size(); ++t) {
      for (size_t i : out_.tracks[t].issues) track_of_issue_[i] = t;
      out_.track_open.push_back(!out_.tracks[t].opens_after.has_value());
    }
    out_.issues.resize(s_.space.NumIssues());
    standing_.assign(s_.space.NumIssues(),
                     std::vector<std::optional<Acceptance>>(s_.parties.size()));
    for (size_t i = 0; i < out_.issues.size(); ++i) {
      out_.issues[i].issue = i;
      out_.issues[i].track = track_of_issue_[i];
    }
  }

  TalksStatus Run() {
    for (const LedgerEntry& entry : state_.entries) Apply(entry);
    Finish();
    return std::move(out_);
  }

 private:
  std::string Where(const LedgerEntry& entry) const {
    return " (entry " + std::to_string(entry.seq) + ", " + entry.date + ")";
  }

  void Apply(const LedgerEntry& entry) {
    out_.last_date = std::max(out_.last_date, entry.date);
    if (entry.retracted_by) {
      // Profiles never count in the status (and a note would show a party another's).
      if (entry.kind != EntryKind::kProfile)
        out_.notes.push_back(std::string(EntryKindName(entry.kind)) +
                             " not counted: retracted by entry " +
                             std::to_string(*entry.retracted_by) + " (" + entry.retraction_reason +
                             ")" + Where(entry));
      return;
    }
    switch (entry.kind) {
      case EntryKind::kRound:
        out_.rounds = std::max(out_.rounds, entry.round.value_or(0));
        break;
      case EntryKind::kAgreement:
        for (const IssueValue& v : entry.values) Accept(entry, v);
        break;
      case EntryKind::kReopening:
        for (const IssueValue& v : entry.values) Reopen(entry, v.issue);
        break;
      case EntryKind::kVote:
        if (entry.party) votes_[*entry.party] = {entry.accept, entry.seq, entry.date, epoch_};
        break;
      case EntryKind::kPosition:
        if (entry.party && !entry.conditions.empty())
          stated_[*entry.party] = {entry.seq, entry.conditions, SourceOf(entry)};
        break;
      case EntryKind::kProposal:
        Propose(entry);
        break;
      case EntryKind::kProfile:
      case EntryKind::kNote:
      case EntryKind::kRetraction:
        break;
    }
  }

  void Propose(const LedgerEntry& entry) {
    for (const IssueValue& v : entry.values) {
      if (!v.value) continue;
      auto same = [&](const TableProposal& t) {
        return t.party == entry.party && t.issue == v.issue;
      };
      auto it = std::find_if(out_.on_the_table.begin(), out_.on_the_table.end(), same);
      TableProposal proposal{entry.party, v.issue, *v.value, entry.seq, entry.date};
      if (it == out_.on_the_table.end())
        out_.on_the_table.push_back(proposal);
      else
        *it = proposal;
    }
    if (!entry.text.empty())
      out_.draft = StandingDraft{entry.seq, entry.date, entry.party, entry.text, entry.values};
  }

  void Accept(const LedgerEntry& entry, const IssueValue& v) {
    if (v.issue >= out_.issues.size() || !v.value) return;
    IssueState& issue = out_.issues[v.issue];
    const Track& track = out_.tracks[issue.track];
    const std::string& name = s_.space.issue(v.issue).name;
    if (!out_.track_open[issue.track]) {
      out_.notes.push_back("acceptance of " + name + " not counted: track '" + track.name +
                           "' was not open yet" + Where(entry));
      return;
    }
    if (issue.status == IssueStatus::kFinal) {
      out_.notes.push_back("acceptance of " + name + " ignored: the issue is already final" +
                           Where(entry));
      return;
    }
    std::vector<size_t> parties;
    if (entry.party) {
      if (std::count(track.parties.begin(), track.parties.end(), *entry.party) == 0) {
        out_.notes.push_back("acceptance of " + name + " by " + s_.parties[*entry.party].name +
                             " not counted: not a party of track '" + track.name + "'" +
                             Where(entry));
        return;
      }
      parties.push_back(*entry.party);
    } else {
      parties = track.parties;
    }
    for (size_t p : parties)
      standing_[v.issue][p] = Acceptance{p, *v.value, entry.seq, entry.conditions};
    if (!entry.conditions.empty()) acceptance_sources_[entry.seq] = SourceOf(entry);
    Recompute(v.issue, entry.date);
  }

  void Reopen(const LedgerEntry& entry, size_t i) {
    if (i >= out_.issues.size()) return;
    IssueState& issue = out_.issues[i];
    const std::string& name = s_.space.issue(i).name;
    if (issue.status == IssueStatus::kFinal) {
      out_.notes.push_back("reopening of " + name + " ignored: the issue is final" + Where(entry));
      return;
    }
    for (auto& acceptance : standing_[i]) acceptance.reset();
    if (issue.status == IssueStatus::kAgreedInDraft) {
      ++issue.reopened;
      issue.status = IssueStatus::kReopened;
      issue.value.reset();
      issue.since = entry.date;
      ++epoch_;
    } else {
      out_.notes.push_back("reopening of " + name +
                           ", which was not agreed in draft: its acceptances are cleared" +
                           Where(entry));
    }
  }

  void Recompute(size_t i, const std::string& date) {
    IssueState& issue = out_.issues[i];
    const Track& track = out_.tracks[issue.track];
    std::optional<ValueIndex> common;
    bool unanimous = !track.parties.empty();
    for (size_t p : track.parties) {
      const auto& acceptance = standing_[i][p];
      if (!acceptance || (common && *common != acceptance->value)) {
        unanimous = false;
        break;
      }
      common = acceptance->value;
    }
    if (unanimous) {
      if (!IsAgreed(issue.status) || issue.value != common) {
        issue.status =
            s_.rules.single_undertaking ? IssueStatus::kAgreedInDraft : IssueStatus::kFinal;
        issue.value = common;
        issue.since = date;
        ++epoch_;
        OpenTracks();
      }
    } else if (IsAgreed(issue.status)) {
      // A party moved its acceptance to another value: the draft agreement is gone.
      issue.status = issue.reopened > 0 ? IssueStatus::kReopened : IssueStatus::kOpen;
      issue.value.reset();
      issue.since = date;
      ++epoch_;
    }
  }

  void OpenTracks() {
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t t = 0; t < out_.tracks.size(); ++t) {
        if (out_.track_open[t] || !out_.tracks[t].opens_after) continue;
        const Track& before = out_.tracks[*out_.tracks[t].opens_after];
        const bool agreed = std::all_of(before.issues.begin(), before.issues.end(),
                                        [&](size_t i) { return IsAgreed(out_.issues[i].status); });
        if (agreed && out_.track_open[*out_.tracks[t].opens_after]) {
          out_.track_open[t] = true;
          changed = true;
        }
      }
    }
  }

  void Finish() {
    // On the table: by issue, then the mediator, then the parties in order.
    std::sort(out_.on_the_table.begin(), out_.on_the_table.end(),
              [](const TableProposal& a, const TableProposal& b) {
                const size_t pa = a.party ? *a.party + 1 : 0, pb = b.party ? *b.party + 1 : 0;
                return a.issue != b.issue ? a.issue < b.issue : pa < pb;
              });
    for (size_t i = 0; i < out_.issues.size(); ++i)
      for (const auto& acceptance : standing_[i])
        if (acceptance) out_.issues[i].acceptances.push_back(*acceptance);
    const auto package = out_.Package();
    for (const IssueState& issue : out_.issues)
      for (const Acceptance& acceptance : issue.acceptances)
        for (const Constraint& condition : acceptance.conditions)
          out_.conditions.push_back({acceptance.party, acceptance.seq, false, condition,
                                     CheckCondition(condition, package),
                                     acceptance_sources_[acceptance.seq]});
    for (const auto& [party, stated] : stated_)
      for (const Constraint& condition : stated.conditions)
        out_.conditions.push_back({party, stated.seq, true, condition,
                                   CheckCondition(condition, package), stated.source});

    out_.ratifiers = s_.rules.ratifiers;
    if (out_.ratifiers.empty())
      for (size_t p = 0; p < s_.parties.size(); ++p) out_.ratifiers.push_back(p);
    for (const auto& [party, vote] : votes_)
      out_.votes.push_back({party, vote.accept, vote.seq, vote.date, vote.epoch == epoch_});

    for (size_t t = 0; t < out_.tracks.size(); ++t)
      if (!out_.track_open[t])
        out_.blockers.push_back({BlockerKind::kClosedTrack,
                                 "track '" + out_.tracks[t].name +
                                     "' has not opened: it opens "
                                     "when track '" +
                                     out_.tracks[*out_.tracks[t].opens_after].name +
                                     "' is agreed in draft",
                                 std::nullopt, std::nullopt, t});
    for (const IssueState& issue : out_.issues) {
      if (IsAgreed(issue.status)) continue;
      std::string text =
          s_.space.issue(issue.issue).name + " is " + std::string(IssueStatusName(issue.status));
      if (issue.reopened > 0) text += " (reopened " + std::to_string(issue.reopened) + "x)";
      std::vector<size_t> accepted;
      for (const Acceptance& a : issue.acceptances) accepted.push_back(a.party);
      if (!accepted.empty()) text += "; standing acceptances from " + JoinNames(accepted, s_);
      out_.blockers.push_back(
          {BlockerKind::kOpenIssue, text, issue.issue, std::nullopt, issue.track});
    }
    if (s_.rules.single_undertaking) {
      for (const ConditionCheck& check : out_.conditions) {
        if (check.state == ConditionState::kHolds) continue;
        out_.blockers.push_back(
            {BlockerKind::kUnmetCondition,
             s_.parties[check.party].name + "'s condition \"" +
                 DescribeCondition(check.condition, s_.space) + "\" is " +
                 std::string(ConditionStateName(check.state)) +
                 (check.condition.description.empty() ? ""
                                                      : " (" + check.condition.description + ")") +
                 (check.source.empty() ? "" : "; source: " + check.source),
             check.condition.then.issue, check.party, std::nullopt});
      }
      for (size_t p : out_.ratifiers) {
        auto it = votes_.find(p);
        std::string text;
        if (it == votes_.end()) {
          text = s_.parties[p].name + " has not voted on the whole package";
        } else if (it->second.epoch != epoch_) {
          text = s_.parties[p].name + " voted on " + it->second.date +
                 ", before the package last changed";
        } else if (!it->second.accept) {
          text = s_.parties[p].name + " voted against the package on " + it->second.date;
        } else {
          continue;
        }
        out_.blockers.push_back(
            {BlockerKind::kMissingRatification, text, std::nullopt, p, std::nullopt});
      }
    }
    out_.final = out_.blockers.empty();
    if (out_.final)
      for (IssueState& issue : out_.issues) issue.status = IssueStatus::kFinal;
  }

  struct Vote {
    bool accept = false;
    int64_t seq = 0;
    std::string date;
    int64_t epoch = 0;
  };

  const LedgerState& state_;
  const Scenario& s_;
  TalksStatus out_;
  std::vector<size_t> track_of_issue_;
  std::vector<std::vector<std::optional<Acceptance>>> standing_;  // [issue][party]
  std::map<size_t, Vote> votes_;
  struct Stated {
    int64_t seq = 0;
    std::vector<Constraint> conditions;
    std::string source;
  };
  std::map<size_t, Stated> stated_;  // Each party's latest position with conditions.
  std::map<int64_t, std::string> acceptance_sources_;
  int64_t epoch_ = 0;  // Bumped whenever the draft package changes; votes count on the latest.
};

}  // namespace

std::string_view IssueStatusName(IssueStatus status) {
  switch (status) {
    case IssueStatus::kOpen:
      return "open";
    case IssueStatus::kAgreedInDraft:
      return "agreed-in-draft";
    case IssueStatus::kReopened:
      return "reopened";
    case IssueStatus::kFinal:
      return "final";
  }
  return "open";
}

std::string_view ConditionStateName(ConditionState state) {
  switch (state) {
    case ConditionState::kHolds:
      return "holds";
    case ConditionState::kViolated:
      return "violated";
    case ConditionState::kPending:
      return "pending";
  }
  return "pending";
}

std::string_view BlockerKindName(BlockerKind kind) {
  switch (kind) {
    case BlockerKind::kOpenIssue:
      return "open-issue";
    case BlockerKind::kClosedTrack:
      return "closed-track";
    case BlockerKind::kUnmetCondition:
      return "unmet-condition";
    case BlockerKind::kMissingRatification:
      return "missing-ratification";
  }
  return "open-issue";
}

std::vector<std::optional<ValueIndex>> TalksStatus::Package() const {
  std::vector<std::optional<ValueIndex>> package;
  package.reserve(issues.size());
  for (const IssueState& issue : issues)
    package.push_back(IsAgreed(issue.status) ? issue.value : std::nullopt);
  return package;
}

ConditionState CheckCondition(const Constraint& condition,
                              const std::vector<std::optional<ValueIndex>>& package) {
  if (ClauseKnown(condition.then, package) && ClauseHolds(condition.then, package))
    return ConditionState::kHolds;
  bool all_when_hold = true;
  for (const Clause& clause : condition.when) {
    if (!ClauseKnown(clause, package)) {
      all_when_hold = false;
      continue;
    }
    if (!ClauseHolds(clause, package)) return ConditionState::kHolds;  // vacuously
  }
  if (all_when_hold && ClauseKnown(condition.then, package)) return ConditionState::kViolated;
  return ConditionState::kPending;
}

std::string DescribeCondition(const Constraint& condition, const OutcomeSpace& space) {
  auto clause_text = [&](const Clause& clause) {
    const Issue& issue = space.issue(clause.issue);
    std::string values;
    for (ValueIndex v : clause.allowed) values += (values.empty() ? "" : "|") + issue.ValueName(v);
    return issue.name + "=" + values;
  };
  std::string out;
  if (!condition.when.empty()) {
    out = "if ";
    for (size_t i = 0; i < condition.when.size(); ++i)
      out += (i ? " and " : "") + clause_text(condition.when[i]);
    out += " then ";
  }
  return out + clause_text(condition.then);
}

TalksStatus ComputeStatus(const LedgerState& state) { return StatusReplay(state).Run(); }

}  // namespace parley
