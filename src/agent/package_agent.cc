#include "package_agent.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "parley/protocol/utility_index.h"

namespace parley::agents {

// ---------------------------------------------------------------------------------------------
// IssueModel

IssueModel IssueModel::Build(const OutcomeSpace& space, const CompiledProfile& profile,
                             const Outcome& best_outcome) {
  IssueModel m;
  const size_t n = space.NumIssues();
  m.contribution.resize(n);
  if (profile.additive()) {
    for (size_t i = 0; i < n; ++i) {
      auto table = profile.IssueTable(i);
      m.contribution[i].assign(table.begin(), table.end());
    }
  } else {
    // Linearise around the best outcome: each value's effect with the other issues held there.
    Outcome probe = best_outcome;
    m.offset = profile.Utility(best_outcome);
    for (size_t i = 0; i < n; ++i) {
      const auto card = static_cast<ValueIndex>(space.issue(i).Cardinality());
      m.contribution[i].resize(card);
      for (ValueIndex v = 0; v < card; ++v) {
        probe[i] = v;
        m.contribution[i][v] = profile.Utility(probe) - m.offset;
      }
      probe[i] = best_outcome[i];
    }
  }
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto& c = m.contribution[i];
    const auto [lo, hi] = std::minmax_element(c.begin(), c.end());
    m.lo.push_back(*lo);
    m.hi.push_back(*hi);
    m.best.push_back(static_cast<ValueIndex>(hi - c.begin()));
    total += *hi - *lo;
  }
  for (size_t i = 0; i < n; ++i)
    m.weight.push_back(total > 0 ? (m.hi[i] - m.lo[i]) / total : 1.0 / static_cast<double>(n));
  return m;
}

double IssueModel::Score(size_t issue, ValueIndex value) const {
  const double range = hi[issue] - lo[issue];
  return range > 0 ? (contribution[issue][value] - lo[issue]) / range : 1.0;
}

double IssueModel::Estimate(std::span<const std::optional<ValueIndex>> partial,
                            double expect) const {
  double u = offset;
  for (size_t i = 0; i < partial.size(); ++i)
    u += partial[i] ? contribution[i][*partial[i]] : lo[i] + expect * (hi[i] - lo[i]);
  return u;
}

// ---------------------------------------------------------------------------------------------
// OpponentModel

namespace {
// How much a repeated value, a reopening or a condition raises an issue's estimated weight
// (every issue starts at 1).
constexpr double kRepeatGain = 0.25;
constexpr double kReopenGain = 0.5;
constexpr double kConditionGain = 0.5;
}  // namespace

OpponentModel::OpponentModel(const OutcomeSpace& space)
    : raw_weight_(space.NumIssues(), 1.0),
      last_(space.NumIssues()),
      seen_(space.NumIssues(), false) {
  for (const Issue& issue : space.issues()) counts_.emplace_back(issue.Cardinality(), 0.0);
}

void OpponentModel::ObserveProposal(std::span<const IssueValue> values) {
  for (const IssueValue& iv : values) {
    counts_[iv.issue][iv.value] += 1;
    if (last_[iv.issue] == iv.value) raw_weight_[iv.issue] += kRepeatGain;
    last_[iv.issue] = iv.value;
    seen_[iv.issue] = true;
  }
}

void OpponentModel::ObserveReopen(size_t issue) { raw_weight_[issue] += kReopenGain; }

void OpponentModel::ObserveConditions(std::span<const Clause> clauses) {
  for (const Clause& c : clauses) {
    raw_weight_[c.issue] += kConditionGain;
    for (ValueIndex v : c.allowed)
      counts_[c.issue][v] += 1.0 / static_cast<double>(c.allowed.size());
    seen_[c.issue] = true;
  }
}

std::vector<double> OpponentModel::Weights() const {
  double total = 0;
  for (double w : raw_weight_) total += w;
  std::vector<double> out;
  for (double w : raw_weight_) out.push_back(w / total);
  return out;
}

double OpponentModel::Score(size_t issue, ValueIndex value) const {
  if (!seen_[issue]) return 1.0;
  const double max = *std::max_element(counts_[issue].begin(), counts_[issue].end());
  return (counts_[issue][value] + 0.1) / (max + 0.1);
}

std::optional<ValueIndex> OpponentModel::Favourite(size_t issue) const {
  if (!seen_[issue]) return std::nullopt;
  const auto& c = counts_[issue];
  return static_cast<ValueIndex>(std::max_element(c.begin(), c.end()) - c.begin());
}

double OpponentModel::Estimate(std::span<const ValueIndex> outcome) const {
  const std::vector<double> w = Weights();
  double u = 0;
  for (size_t i = 0; i < outcome.size(); ++i) u += w[i] * Score(i, outcome[i]);
  return u;
}

// ---------------------------------------------------------------------------------------------
// PackageAgent

void PackageAgent::Start(const NegotiatorSetup& setup) {
  setup_ = &setup;
  const UtilityIndex& index = setup.index();
  Outcome best = index.empty() ? Outcome(setup.space().NumIssues(), 0) : index.best_outcome();
  model_ = IssueModel::Build(setup.space(), setup.profile(), best);
  opponents_.assign(setup.num_parties(), OpponentModel(setup.space()));
}

double PackageAgent::Target(double t, double best) const {
  const double rv = Reservation();
  if (best <= rv) return best;
  return TimeDependentTarget(t, e_, rv, best);
}

namespace {
// The stages together aim to be done by this share of the time; the rest is for the final vote
// and for renegotiating what it rejects.
constexpr double kStagesEnd = 0.8;
}  // namespace

double PackageAgent::StageTime(double t, const UndertakingState& state, size_t track) {
  if (track >= state.tracks.size()) return t;
  auto depth = [&](size_t k) {
    int d = 0;
    for (std::optional<size_t> up = state.tracks[k].opens_after;
         up && d <= static_cast<int>(state.tracks.size()); up = state.tracks[*up].opens_after)
      ++d;
    return d;
  };
  int stages = 1;
  for (size_t k = 0; k < state.tracks.size(); ++k) stages = std::max(stages, depth(k) + 1);
  if (opened_at_.size() != state.tracks.size()) opened_at_.assign(state.tracks.size(), {});
  if (!opened_at_[track]) opened_at_[track] = state.tracks[track].opened_round == 0 ? 0.0 : t;
  const double start = *opened_at_[track];
  const double end = start + (kStagesEnd - start) / (stages - depth(track));
  if (end <= start + 1e-9) return 1.0;
  return std::clamp((t - start) / (end - start), 0.0, 1.0);
}

std::vector<size_t> PackageAgent::OpenIssues(const UndertakingState& state, size_t track) {
  std::vector<size_t> out;
  if (track >= state.tracks.size() || !state.tracks[track].open) return out;
  for (size_t i : state.tracks[track].issues)
    if (state.issues[i].status == DraftStatus::kOpen) out.push_back(i);
  return out;
}

std::vector<size_t> PackageAgent::DraftedIssues(const UndertakingState& state, size_t track) {
  std::vector<size_t> out;
  if (track >= state.tracks.size()) return out;
  for (size_t i : state.tracks[track].issues)
    if (state.issues[i].status == DraftStatus::kAgreedInDraft) out.push_back(i);
  return out;
}

std::vector<std::optional<ValueIndex>> PackageAgent::With(const UndertakingState& state,
                                                          std::span<const IssueValue> values) {
  std::vector<std::optional<ValueIndex>> partial = state.Draft();
  for (const IssueValue& iv : values) partial[iv.issue] = iv.value;
  return partial;
}

double PackageAgent::EstimateWith(const UndertakingState& state,
                                  std::span<const IssueValue> values) const {
  return model_.Estimate(With(state, values), expect_);
}

double PackageAgent::BestReachable(const UndertakingState& state, size_t track) const {
  std::vector<IssueValue> best;
  for (size_t i : OpenIssues(state, track)) best.push_back({i, model_.best[i]});
  return EstimateWith(state, best);
}

double PackageAgent::OpponentWeight(const UndertakingState& state, size_t issue) const {
  const size_t self = setup_->self();
  const DraftTrack& track = state.tracks[state.issues[issue].track];
  double total = 0;
  int n = 0;
  for (size_t p : track.parties) {
    if (p == self) continue;
    total += opponents_[p].Weights()[issue];
    ++n;
  }
  return n ? total / n : 0.0;
}

double PackageAgent::OpponentScore(const UndertakingState& state,
                                   std::span<const IssueValue> values) const {
  const size_t self = setup_->self();
  double total = 0;
  for (const IssueValue& iv : values) {
    const DraftTrack& track = state.tracks[state.issues[iv.issue].track];
    for (size_t p : track.parties) {
      if (p == self) continue;
      total += opponents_[p].Weights()[iv.issue] * opponents_[p].Score(iv.issue, iv.value);
    }
  }
  return total;
}

namespace {

enum class Truth { kHolds, kFails, kUnknown };

Truth Evaluate(const Clause& clause, std::span<const std::optional<ValueIndex>> partial) {
  const auto& v = partial[clause.issue];
  if (!v) return Truth::kUnknown;
  return std::find(clause.allowed.begin(), clause.allowed.end(), *v) != clause.allowed.end()
             ? Truth::kHolds
             : Truth::kFails;
}

}  // namespace

bool PackageAgent::KeepsMyCommitments(const UndertakingState& state,
                                      std::span<const IssueValue> values) const {
  const auto partial = With(state, values);
  const size_t self = setup_->self();
  for (const DraftIssue& issue : state.issues)
    for (const AttachedCondition& c : issue.conditions)
      if (c.party == self)
        for (const Clause& clause : c.clauses)
          if (Evaluate(clause, partial) == Truth::kFails) return false;
  for (const Constraint& c : setup_->profile().profile().constraints) {
    bool when = true;
    for (const Clause& w : c.when) when = when && Evaluate(w, partial) == Truth::kHolds;
    if (when && Evaluate(c.then, partial) == Truth::kFails) return false;
  }
  return true;
}

bool PackageAgent::ForEachAssignment(
    std::span<const size_t> issues, double limit,
    const std::function<void(std::span<const IssueValue>)>& visit) const {
  const OutcomeSpace& space = setup_->space();
  double count = 1;
  for (size_t i : issues) count *= static_cast<double>(space.issue(i).Cardinality());
  if (count > limit) return false;
  std::vector<IssueValue> values;
  for (size_t i : issues) values.push_back({i, 0});
  while (true) {
    visit(values);
    size_t k = values.size();
    while (k > 0) {
      --k;
      if (++values[k].value < space.issue(values[k].issue).Cardinality()) break;
      values[k].value = 0;
      if (k == 0) return true;
    }
    if (values.empty()) return true;
  }
}

void PackageAgent::Observe(const Event& event) {
  if (event.party < 0 || event.action == nullptr) return;
  OpponentModel& m = opponents_[static_cast<size_t>(event.party)];
  if (const auto* partial = std::get_if<PartialOffer>(event.action)) {
    m.ObserveProposal(partial->values);
  } else if (const auto* offer = std::get_if<Offer>(event.action)) {
    if (event.turn == TurnKind::kRatify) return;
    std::vector<IssueValue> values;
    for (size_t i = 0; i < offer->outcome.size(); ++i) values.push_back({i, offer->outcome[i]});
    m.ObserveProposal(values);
  } else if (const auto* accept = std::get_if<Accept>(event.action)) {
    m.ObserveConditions(accept->conditions);
  } else if (const auto* reopen = std::get_if<Reopen>(event.action)) {
    m.ObserveReopen(reopen->issue);
  }
}

Action PackageAgent::Act(const Turn& turn) {
  if (turn.kind == TurnKind::kRatify) {
    const bool yes = turn.offer && setup_->profile().Acceptable(*turn.offer) &&
                     Utility(*turn.offer) >= Reservation();
    return yes ? Action(Accept{}) : Action(Reject{});
  }
  if (turn.kind == TurnKind::kPackage) {
    if (const auto* state = dynamic_cast<const UndertakingState*>(turn.details))
      return ActPackage(turn, *state);
  }
  return ActWhole(turn);
}

Action PackageAgent::ActPackage(const Turn& turn, const UndertakingState& state) {
  const size_t t = state.track;
  const size_t self = setup_->self();
  if (turn.allowed.Contains(ActionKind::kReopen)) {
    if (auto issue = ChooseReopen(turn, state)) {
      last_reopen_round_ = turn.round;
      return Reopen{*issue};
    }
  }
  const auto& standing = state.standing[t];
  if (standing && turn.allowed.Contains(ActionKind::kAccept)) {
    Acceptance a = Consider(turn, state, *standing);
    if (a.accept) return Accept{std::move(a.conditions)};
  }
  if (standing && std::find(standing->accepted_by.begin(), standing->accepted_by.end(), self) !=
                      standing->accepted_by.end()) {
    return Reject{};  // my acceptance stands: wait for the others
  }
  if (!OpenIssues(state, t).empty()) {
    std::vector<IssueValue> values = Propose(turn, state);
    if (!values.empty()) {
      std::sort(values.begin(), values.end(),
                [](const IssueValue& a, const IssueValue& b) { return a.issue < b.issue; });
      if (standing && standing->values == values && turn.allowed.Contains(ActionKind::kAccept))
        return Accept{};
      return PartialOffer{std::move(values)};
    }
  }
  return Reject{};
}

std::optional<size_t> PackageAgent::ChooseReopen(const Turn& turn, const UndertakingState& state) {
  if (last_reopen_round_ == turn.round) return std::nullopt;
  const std::vector<size_t> drafted = DraftedIssues(state, state.track);
  if (drafted.empty()) return std::nullopt;
  const size_t self = setup_->self();
  auto loss = [&](size_t i) {
    return model_.weight[i] * (1.0 - model_.Score(i, *state.issues[i].value));
  };
  auto most = [&](const std::vector<size_t>& issues, auto key) -> std::optional<size_t> {
    std::optional<size_t> best;
    double best_key = -std::numeric_limits<double>::infinity();
    for (size_t i : issues) {
      const double k = key(i);
      if (k > best_key) best = i, best_key = k;
    }
    return best;
  };

  if (state.Stuck()) {
    if (!state.blockers.empty()) {
      // Reopen an issue the failing condition or constraint names, or one that carries a
      // failing condition.
      const Outcome package = *state.Package();
      std::vector<size_t> candidates;
      for (size_t i : drafted) {
        bool involved = false;
        for (const PackageBlocker& b : state.blockers)
          involved = involved || std::find(b.issues.begin(), b.issues.end(), i) != b.issues.end();
        for (const AttachedCondition& c : state.issues[i].conditions)
          for (const Clause& clause : c.clauses)
            involved = involved || std::find(clause.allowed.begin(), clause.allowed.end(),
                                             package[clause.issue]) == clause.allowed.end();
        if (involved) candidates.push_back(i);
      }
      return most(candidates, loss);
    }
    // Voted down. If I rejected, reopen what costs me most; otherwise what the rejecters seem
    // to mind most (or, knowing nothing of them, what matters least to me).
    const FinalVote& vote = *state.last_vote;
    std::vector<size_t> rejecters;
    for (size_t k = 0; k < vote.ratifiers.size() && k < vote.accepted.size(); ++k)
      if (!vote.accepted[k]) rejecters.push_back(vote.ratifiers[k]);
    if (std::find(rejecters.begin(), rejecters.end(), self) != rejecters.end())
      return most(drafted, loss);
    bool known = false;
    for (size_t r : rejecters)
      for (size_t i : drafted) known = known || opponents_[r].seen(i);
    if (!known) return most(drafted, [&](size_t i) { return -model_.weight[i]; });
    return most(drafted, [&](size_t i) {
      double mind = 0;
      for (size_t r : rejecters)
        mind += opponents_[r].Weights()[i] * (1.0 - opponents_[r].Score(i, *state.issues[i].value));
      return mind - 1e-3 * model_.weight[i];
    });
  }
  if (ReopensDeadEnds() && model_.Estimate(state.Draft(), 1.0) < Reservation())
    return most(drafted, loss);
  return std::nullopt;
}

Action PackageAgent::ActWhole(const Turn& turn) {
  const UtilityIndex& index = setup_->index();
  const double best = index.empty() ? 1.0 : index.best();
  const double target = Target(turn.time, best);
  auto next = [&]() -> Outcome {
    if (index.empty()) return Outcome(setup_->space().NumIssues(), 0);
    return *index.AtLeast(target);
  };
  switch (turn.kind) {
    case TurnKind::kPropose:
    case TurnKind::kPackage:
      if (turn.offer && turn.allowed.Contains(ActionKind::kAccept) &&
          setup_->profile().Acceptable(*turn.offer) && Utility(*turn.offer) >= target)
        return Accept{};
      return Offer{next()};
    case TurnKind::kOffer:
      return Offer{next()};
    case TurnKind::kRespond:
    case TurnKind::kRatify:
      return turn.offer && setup_->profile().Acceptable(*turn.offer) &&
                     Utility(*turn.offer) >= target
                 ? Action(Accept{})
                 : Action(Reject{});
    case TurnKind::kVote:
      return turn.offer && setup_->profile().Acceptable(*turn.offer) &&
                     (turn.reference == nullptr || Utility(*turn.offer) >= Utility(*turn.reference))
                 ? Action(Accept{})
                 : Action(Reject{});
  }
  return EndNegotiation{};
}

}  // namespace parley::agents
