#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "frontier_internal.h"
#include "parley/core/random.h"
#include "parley/preference/compiled_profile.h"
#include "zopa.h"

namespace parley {
namespace {

using analysis_internal::AdditiveModel;
using analysis_internal::Component;
using analysis_internal::Deadline;

Error NothingAcceptable() {
  return Error::BadInput(
      "no outcome is acceptable to every party: their hard constraints exclude them all", {}, 0,
      "constraints");
}

std::vector<CompiledProfile> Compile(const Scenario& scenario) {
  std::vector<CompiledProfile> compiled;
  for (const Party& party : scenario.parties) compiled.emplace_back(party.profile);
  return compiled;
}

// Best and worst of each party over the acceptable outcomes: per component, the combination
// with the largest (smallest) key, the first one on ties.
std::vector<PartyRange> AdditiveRanges(const Scenario& scenario, const AdditiveModel& model) {
  const std::vector<CompiledProfile> compiled = Compile(scenario);
  std::vector<PartyRange> ranges(model.parties);
  for (size_t p = 0; p < model.parties; ++p) {
    Outcome best(scenario.space.NumIssues(), 0), worst = best;
    for (const Component& comp : model.components) {
      size_t hi = 0, lo = 0;
      for (size_t k = 1; k < comp.size; ++k) {
        if (comp.key(k, model.parties)[p] > comp.key(hi, model.parties)[p]) hi = k;
        if (comp.key(k, model.parties)[p] < comp.key(lo, model.parties)[p]) lo = k;
      }
      for (size_t j = 0; j < comp.issues.size(); ++j) {
        best[comp.issues[j]] = comp.combo(hi)[j];
        worst[comp.issues[j]] = comp.combo(lo)[j];
      }
    }
    ranges[p].best = compiled[p].Utility(best);
    ranges[p].worst = compiled[p].Utility(worst);
    ranges[p].reservation = scenario.parties[p].profile.reservation_value;
  }
  return ranges;
}

void ChoosePoints(Analysis& analysis) {
  std::vector<double> rv, best;
  for (const PartyRange& r : analysis.ranges) {
    rv.push_back(r.reservation);
    best.push_back(r.best);
  }
  const ParetoFrontier& f = analysis.frontier;
  analysis.nash = NashPoint(f, rv);
  analysis.kalai = KalaiPoint(f);
  analysis.kalai_smorodinsky = KalaiSmorodinskyPoint(f, rv, best);
  analysis.egalitarian = EgalitarianPoint(f, rv);
  analysis.max_welfare = MaxWelfarePoint(f);
  analysis.opposition = Opposition(analysis.kalai);
  if (!analysis.nash)
    analysis.notes.push_back(
        "no Nash point: no outcome gives every party at least its reservation value");
}

std::string Format(const char* format, double x) {
  char buf[128];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

// Spaces too large to enumerate whose frontier some exact algorithm found: the worst utilities,
// the acceptable count and the ZOPA come from uniform samples and are labelled estimates.
void EstimateBySampling(const Scenario& scenario, Analysis& analysis, const Deadline& deadline) {
  // Out of time, the samples drawn so far (at least a thousand) make the estimates.
  uint64_t samples = 1000000;
  analysis_internal::DeadlineCheck check(&deadline);
  const std::vector<CompiledProfile> compiled = Compile(scenario);
  Rng rng(0x5a0f2023);
  const OutcomeSpace& space = scenario.space;
  Outcome outcome(space.NumIssues());
  uint64_t acceptable = 0, zopa = 0;
  std::vector<double> worst(compiled.size(), 0);
  for (uint64_t s = 0; s < samples; ++s) {
    if (s >= 1000 && check.Expired()) {
      samples = s;
      break;
    }
    for (size_t i = 0; i < outcome.size(); ++i)
      outcome[i] = static_cast<ValueIndex>(rng.Below(space.issue(i).Cardinality()));
    if (!std::all_of(compiled.begin(), compiled.end(),
                     [&](const CompiledProfile& c) { return c.Acceptable(outcome); }))
      continue;
    bool clear = true;
    for (size_t p = 0; p < compiled.size(); ++p) {
      const double u = compiled[p].Utility(outcome);
      worst[p] = acceptable == 0 ? u : std::min(worst[p], u);
      clear &= u > compiled[p].reservation_value();
    }
    ++acceptable;
    zopa += clear;
  }
  const double size = space.Size();
  // Shares first: over a space beyond double's range the counts are infinite (never 0 * inf).
  analysis.zopa.share = static_cast<double>(zopa) / static_cast<double>(samples);
  analysis.acceptable =
      acceptable == 0 ? 0 : size * static_cast<double>(acceptable) / static_cast<double>(samples);
  analysis.zopa.outcomes = zopa == 0 ? 0 : size * analysis.zopa.share;
  analysis.zopa.exact = false;
  analysis.zopa.method = "sampling";
  for (size_t p = 0; p < compiled.size(); ++p) {
    analysis.ranges[p].worst = worst[p];
    analysis.ranges[p].exact = false;
  }
  analysis.notes.push_back(
      "the space is too large to enumerate: worst utilities, the acceptable count and the ZOPA "
      "are estimated from " +
      std::to_string(samples) + " uniform samples (ZOPA share " +
      Format("%.4g%%", 100.0 * static_cast<double>(zopa) / static_cast<double>(samples)) + ")");
}

}  // namespace

Result<Analysis> Analyze(const Scenario& scenario, const AnalysisOptions& options) {
  PARLEY_RETURN_IF_ERROR(ValidateScenario(scenario));
  const Deadline deadline(options.time_limit_seconds);
  Analysis analysis;
  analysis.outcomes = scenario.space.Size();
  const size_t parties = scenario.NumParties();

  const bool enumerable = analysis_internal::Enumerable(scenario, options);
  std::optional<AdditiveModel> additive;
  if (analysis_internal::AllAdditive(scenario)) {
    auto built = analysis_internal::BuildAdditiveModel(scenario, options, &deadline);
    if (built.ok()) {
      additive = std::move(*built);
    } else if (built.error().code != ErrorCode::kUnsupported || deadline.Expired()) {
      return built.error();  // a bad scenario, or out of time
    } else {
      analysis.notes.push_back(
          "hard constraints tie too many issues to analyse them issue by "
          "issue (" +
          built.error().message + "); " +
          (enumerable ? "the whole space was enumerated" : "the frontier was searched instead"));
    }
  }
  if (additive) {
    const AdditiveModel& model = *additive;
    analysis.acceptable = model.acceptable;
    if (model.acceptable == 0) return NothingAcceptable();
    PARLEY_ASSIGN_OR_RETURN(
        analysis.frontier, analysis_internal::AdditiveFrontier(scenario, model, options, deadline));
    analysis.ranges = AdditiveRanges(scenario, model);
    std::vector<int64_t> thresholds;
    for (size_t p = 0; p < parties; ++p)
      thresholds.push_back(model.keys[p].Threshold(scenario.parties[p].profile.reservation_value));
    analysis_internal::ZopaBudget budget;
    budget.deadline = &deadline;
    const analysis_internal::ZopaCount zopa =
        analysis_internal::CountAdditiveZopa(model, thresholds, budget);
    analysis.zopa.outcomes = zopa.outcomes;
    analysis.zopa.share = zopa.share * model.acceptable_share;
    analysis.zopa.exact = zopa.exact;
    analysis.zopa.method = zopa.method;
    if (!zopa.note.empty()) analysis.notes.push_back(zopa.note);
  } else if (enumerable) {
    PARLEY_ASSIGN_OR_RETURN(analysis_internal::EnumerationResult result,
                            analysis_internal::EnumerateScenario(scenario, options, deadline));
    if (result.acceptable == 0) return NothingAcceptable();
    analysis.acceptable = result.acceptable;
    analysis.frontier = std::move(result.frontier);
    const std::vector<CompiledProfile> compiled = Compile(scenario);
    analysis.ranges.resize(parties);
    for (size_t p = 0; p < parties; ++p) {
      analysis.ranges[p].best = compiled[p].Utility(scenario.space.FromIndex(result.best_index[p]));
      analysis.ranges[p].worst =
          compiled[p].Utility(scenario.space.FromIndex(result.worst_index[p]));
      analysis.ranges[p].reservation = scenario.parties[p].profile.reservation_value;
    }
    analysis.zopa.outcomes = result.zopa;
    analysis.zopa.share = analysis.outcomes > 0 ? analysis.zopa.outcomes / analysis.outcomes : 0;
    analysis.zopa.method = "enumeration";
  } else {
    PARLEY_ASSIGN_OR_RETURN(analysis.frontier,
                            analysis_internal::NonAdditiveFrontier(scenario, options, deadline));
    if (analysis.frontier.points.empty()) return NothingAcceptable();
    analysis.ranges.resize(parties);
    for (size_t p = 0; p < parties; ++p) {
      // The best utility is always attained on the frontier.
      double best = analysis.frontier.points.front().utilities[p];
      for (const UtilityPoint& point : analysis.frontier.points)
        best = std::max(best, point.utilities[p]);
      analysis.ranges[p].best = best;
      analysis.ranges[p].reservation = scenario.parties[p].profile.reservation_value;
    }
    EstimateBySampling(scenario, analysis, deadline);
  }
  if (!analysis.frontier.exact)
    analysis.notes.push_back("the Pareto frontier is approximate (" + analysis.frontier.method +
                             ")");
  if (!analysis.frontier.all_equivalents_listed) {
    if (analysis.frontier.outcome_count > static_cast<double>(analysis.frontier.points.size())) {
      analysis.notes.push_back(
          Format("the frontier holds %.0f outcomes; only the lowest-index outcome of each utility "
                 "vector is listed",
                 analysis.frontier.outcome_count));
    } else {
      analysis.notes.push_back("one outcome of each utility vector on the frontier is listed (" +
                               analysis.frontier.method +
                               "); other outcomes with the same utilities are not counted");
    }
  }
  ChoosePoints(analysis);
  return analysis;
}

}  // namespace parley
