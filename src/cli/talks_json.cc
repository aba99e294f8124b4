#include "talks_json.h"

#include "parley/talks/talks_views.h"

namespace parley::cli {

Json TalksStatusJson(const LedgerState& state, const TalksStatus& status,
                     const Result<DraftAnalysis>& analysis) {
  const OutcomeSpace& space = state.structure.space;
  Json out = StatusJson(state, status);
  Json draft;
  if (analysis) {
    draft["packages"] = CountJson(analysis->packages);
    draft["zopa"] = CountJson(analysis->zopa.outcomes);
    draft["efficient_packages"] = analysis->frontier.points.size();
    draft["nash"] = analysis->nash ? Json{{"package", OutcomeJson(space, analysis->nash->outcome)},
                                          {"utilities", analysis->nash->utilities}}
                                   : Json(nullptr);
    draft["notes"] = analysis->notes;
  } else {
    draft["error"] = analysis.error().message;
  }
  out["draft_analysis"] = std::move(draft);
  return out;
}

Json TalksHistoryJson(const LedgerState& state) {
  Json out;
  out["talks"] = TalksJson(state.info);
  out["as_of"] = state.as_of.empty() ? Json(nullptr) : Json(state.as_of);
  out["known_at"] = state.known_at.empty() ? Json(nullptr) : Json(state.known_at);
  out["entries"] = EntriesJson(state, Viewer::Mediator());
  return out;
}

}  // namespace parley::cli
