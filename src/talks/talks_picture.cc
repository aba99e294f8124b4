#include "parley/talks/talks_picture.h"

#include <algorithm>

#include "parley/talks/talks_status.h"

namespace parley {
namespace {

bool Names(const Constraint& c, size_t issue) {
  if (c.then.issue == issue) return true;
  return std::any_of(c.when.begin(), c.when.end(),
                     [&](const Clause& clause) { return clause.issue == issue; });
}

}  // namespace

picture::IssueTimeline TalksTimeline(const LedgerState& state) {
  using picture::IssueState;
  const Scenario& s = state.structure;
  const OutcomeSpace& space = s.space;
  picture::IssueTimeline t;
  t.title = "The issues round by round";
  for (const Party& p : s.parties) t.parties.push_back(p.name);
  const std::vector<Track> tracks = s.EffectiveTracks();

  // The rounds recorded, in replay order. Entries before the first round (profiles, early
  // positions) count in the first.
  std::vector<int> rounds;
  std::vector<std::string> labels;
  for (const LedgerEntry& e : state.entries) {
    if (!e.round || *e.round < 1) continue;
    if (rounds.empty() || *e.round > rounds.back()) {
      rounds.push_back(*e.round);
      labels.push_back(std::to_string(*e.round));
    }
  }
  if (rounds.empty()) return t;
  t.columns = labels;
  t.rows.resize(space.NumIssues());
  for (const Track& track : tracks)
    for (size_t i : track.issues) t.rows[i].group = track.name;
  for (size_t i = 0; i < space.NumIssues(); ++i) t.rows[i].name = space.issue(i).name;

  LedgerState upto = state;
  for (size_t c = 0; c < rounds.size(); ++c) {
    const int round = rounds[c];
    upto.entries.clear();
    for (const LedgerEntry& e : state.entries)
      if (e.round.value_or(0) <= round) upto.entries.push_back(e);
    const TalksStatus status = ComputeStatus(upto);
    for (size_t i = 0; i < space.NumIssues(); ++i) {
      const parley::IssueState& issue = status.issues[i];
      picture::IssueCell cell;
      if (issue.value) cell.value = space.issue(i).ValueName(*issue.value);
      switch (issue.status) {
        case IssueStatus::kFinal:
          cell.state = IssueState::kFinal;
          break;
        case IssueStatus::kAgreedInDraft:
          cell.state = IssueState::kAgreedInDraft;
          break;
        case IssueStatus::kReopened:
          cell.state = IssueState::kReopened;
          break;
        case IssueStatus::kOpen:
          cell.state = issue.track < status.track_open.size() && !status.track_open[issue.track]
                           ? IssueState::kNotOpen
                           : IssueState::kOpen;
          break;
      }
      // The round's last proposal naming an issue still on the table.
      if (cell.state == IssueState::kOpen || cell.state == IssueState::kReopened) {
        for (const LedgerEntry& e : upto.entries) {
          if (e.kind != EntryKind::kProposal || e.round.value_or(0) != round) continue;
          for (const IssueValue& v : e.values) {
            if (v.issue != i || !v.value) continue;
            if (cell.state == IssueState::kOpen) cell.state = IssueState::kProposed;
            cell.value = space.issue(i).ValueName(*v.value);
            cell.proposer = e.party;
            cell.tip = "proposed on " + e.date + " by " +
                       (e.party ? s.parties[*e.party].name : std::string("the mediator"));
          }
        }
      }
      for (const ConditionCheck& check : status.conditions) {
        if (check.state != ConditionState::kPending || !Names(check.condition, i)) continue;
        ++cell.conditions;
        cell.tip += (cell.tip.empty() ? "" : "\n") + s.parties[check.party].name +
                    "'s condition: " + DescribeCondition(check.condition, space) +
                    (check.source.empty() ? "" : " (" + check.source + ")");
      }
      t.rows[i].cells.push_back(std::move(cell));
    }
    // Votes cast in this round, on the package as it then stood.
    picture::PackageVote vote{.column = c, .passed = status.final};
    for (const LedgerEntry& e : upto.entries) {
      if (e.kind != EntryKind::kVote || e.round.value_or(0) != round || !e.party) continue;
      auto it = std::find_if(vote.ballots.begin(), vote.ballots.end(),
                             [&](const picture::Ballot& b) { return b.party == *e.party; });
      if (it != vote.ballots.end()) {
        it->accepted = e.accept;  // the party's latest vote in the round counts
      } else {
        vote.ballots.push_back({*e.party, e.accept});
      }
    }
    if (!vote.ballots.empty()) t.votes.push_back(std::move(vote));
    if (c + 1 == rounds.size()) {
      // The blockers are listed beside the picture (report, page); the picture counts them.
      t.notes.push_back(
          std::string("final agreement: ") +
          (status.final ? "yes" : "no (" + std::to_string(status.blockers.size()) + " blockers)"));
    }
  }
  std::stable_sort(t.rows.begin(), t.rows.end(), [&](const auto& a, const auto& b) {
    auto rank = [&](const std::string& g) {
      for (size_t k = 0; k < tracks.size(); ++k)
        if (tracks[k].name == g) return k;
      return tracks.size();
    };
    return rank(a.group) < rank(b.group);
  });
  return t;
}

std::string TalksTimelineSvg(const LedgerState& state, double max_width) {
  const picture::IssueTimeline timeline = TalksTimeline(state);
  const picture::Figure grid = picture::RenderIssueTimeline(timeline, max_width);
  const picture::Figure legend = picture::IssueTimelineLegend(timeline, 3);
  const double margin = 12;
  const std::string body = picture::Place(grid, margin, margin, "panel issues") +
                           picture::Place(legend, margin + 10, margin + grid.height + 8);
  return picture::SvgDocument(body, std::max(grid.width, legend.width + 10) + 2 * margin,
                              grid.height + legend.height + 2 * margin + 12,
                              "The issues round by round: " + state.info.title);
}

}  // namespace parley
