#include "parley/session/plot.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include <map>

#include "parley/core/text.h"

namespace parley {
namespace {

using picture::Chart;
using picture::Figure;
using picture::LegendEntry;
using picture::Num;
using picture::PartyColour;
using picture::Series;

/// Offers carry tooltips only while the file stays small.
constexpr size_t kMaxTippedMoves = 4000;

const char* kMediatorColour = "#555555";

std::string PartyLabel(const SessionResult& r, size_t i) {
  return r.parties[i] + " (" + r.agents[i] + ")";
}

std::string WhoName(const SessionResult& r, int party) {
  return party == kMediator ? "mediator" : r.parties[static_cast<size_t>(party)];
}

/// The moves that put a complete outcome on the table, with every party's utility for it.
bool IsOfferMove(const Move& m, size_t parties) {
  return std::holds_alternative<Offer>(m.action) && m.utilities.size() == parties;
}

std::string MoveTip(const PreparedScenario& scenario, const SessionResult& r, const Move& m) {
  std::string tip = WhoName(r, m.party) + ", round " + std::to_string(m.round + 1) +
                    " (t = " + FormatFixed(m.time, 3) + ")";
  for (size_t i = 0; i < m.utilities.size(); ++i)
    tip += "\n" + r.parties[i] + ": " + FormatFixed(m.utilities[i], 3);
  if (m.outcome) tip += "\n" + scenario.space().Describe(*m.outcome);
  return tip;
}

/// The offers in parallel coordinates: one vertical axis per party (utility lo..hi), one
/// polyline per offer in its proposer's colour, light early and dark late; the agreement and
/// the Nash point on top.
Figure ParallelCoordinates(const PreparedScenario& scenario, const SessionResult& r,
                           const picture::SolutionPoints& points, double lo, double hi,
                           double width) {
  const size_t n = scenario.NumParties();
  const double height = 270, top = 46, bottom = 40, left = 70, right = 70;
  const double ph = height - top - bottom;
  auto AX = [&](size_t i) { return left + (width - left - right) * i / (n - 1.0); };
  auto Y = [&](double u) { return top + ph - (u - lo) / (hi - lo) * ph; };
  std::string s =
      "<text class=\"chart-title\" x=\"0\" y=\"16\" font-size=\"13\" font-weight=\"bold\">"
      "Offers in parallel coordinates (one axis per party's utility)</text>\n";
  auto polyline = [&](const std::vector<double>& u) {
    std::string d;
    for (size_t i = 0; i < n; ++i) d += (i == 0 ? "M" : " L") + Num(AX(i)) + " " + Num(Y(u[i]));
    return d;
  };
  const auto& moves = r.negotiation.moves;
  std::string lines = "<g class=\"parallel-offers\" fill=\"none\" stroke-width=\"1.2\">";
  size_t count = 0;
  for (const Move& m : moves) {
    if (!IsOfferMove(m, n)) continue;
    ++count;
    const double opacity = 0.15 + 0.6 * std::clamp(m.time, 0.0, 1.0);
    lines += "<path d=\"" + polyline(m.utilities) + "\" stroke=\"" +
             (m.party == kMediator ? kMediatorColour : PartyColour(static_cast<size_t>(m.party))) +
             "\" stroke-opacity=\"" + Num(opacity, 2) + "\">" +
             (moves.size() <= kMaxTippedMoves
                  ? "<title>" + EscapeMarkup(MoveTip(scenario, r, m)) + "</title>"
                  : std::string()) +
             "</path>";
  }
  lines += "</g>\n";
  s += lines;
  std::string axes = "<g class=\"axes\" font-size=\"11\">";
  for (size_t i = 0; i < n; ++i) {
    axes += "<line x1=\"" + Num(AX(i)) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(AX(i)) +
            "\" y2=\"" + Num(top + ph) + "\" stroke=\"#333\"/>";
    for (double u : {0.0, 0.5, 1.0}) {
      if (u < lo || u > hi) continue;
      axes += "<line x1=\"" + Num(AX(i) - 3) + "\" y1=\"" + Num(Y(u)) + "\" x2=\"" + Num(AX(i)) +
              "\" y2=\"" + Num(Y(u)) + "\" stroke=\"#333\"/><text x=\"" + Num(AX(i) - 6) +
              "\" y=\"" + Num(Y(u) + 4) +
              "\" text-anchor=\"end\" fill=\"#333\" stroke=\"white\" stroke-width=\"3\" "
              "paint-order=\"stroke\">" +
              FormatFixed(u, 1) + "</text>";
    }
    axes += "<text class=\"axis-label\" x=\"" + Num(AX(i)) + "\" y=\"" + Num(top + ph + 18) +
            "\" text-anchor=\"middle\" font-size=\"12\" fill=\"" + PartyColour(i) +
            "\" font-weight=\"bold\">" + EscapeMarkup(r.parties[i]) + "</text>";
  }
  axes += "</g>\n";
  s += axes;
  if (points.nash) {
    s += "<path class=\"parallel-nash\" d=\"" + polyline(*points.nash) +
         "\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>"
         "Nash point</title></path>\n";
  }
  if (r.negotiation.agreement && r.metrics.utilities.size() == n) {
    s += "<path class=\"parallel-agreement\" d=\"" + polyline(r.metrics.utilities) +
         "\" fill=\"none\" stroke=\"#000\" stroke-width=\"3.2\"><title>agreement</title></path>\n";
  }
  s +=
      "<text x=\"0\" y=\"34\" font-size=\"11\" fill=\"#555\">" + std::to_string(count) +
      " offers, darker as time passes; thick black: the agreement; dashed: the Nash point</text>\n";
  return {s, width, height};
}

/// The single undertaking's votes on the whole package, from the ratify turns of its moves.
struct VoteRound {
  int round = 0;  ///< 0-based, as in moves.
  std::vector<picture::Ballot> ballots;
  std::vector<double> utilities;
  std::string package;
};

std::vector<VoteRound> PackageVotes(const PreparedScenario& scenario, const SessionResult& r) {
  std::vector<VoteRound> votes;
  for (const Move& m : r.negotiation.moves) {
    if (m.turn != TurnKind::kRatify || m.party < 0) continue;
    if (votes.empty() || votes.back().round != m.round) {
      votes.push_back({.round = m.round});
      votes.back().utilities = m.utilities;
      if (m.outcome) votes.back().package = scenario.space().Describe(*m.outcome);
    }
    votes.back().ballots.push_back(
        {static_cast<size_t>(m.party), std::holds_alternative<Accept>(m.action)});
  }
  return votes;
}

bool Passed(const VoteRound& v) {
  return !v.ballots.empty() && std::all_of(v.ballots.begin(), v.ballots.end(),
                                           [](const picture::Ballot& b) { return b.accepted; });
}

}  // namespace

picture::IssueTimeline UndertakingTimeline(const PreparedScenario& scenario,
                                           const SessionResult& result) {
  using picture::IssueCell;
  using picture::IssueState;
  picture::IssueTimeline t;
  t.parties = result.parties;
  const OutcomeSpace& space = scenario.space();
  const auto& states = result.negotiation.round_states;
  if (states.empty()) return t;
  // Conditions attached to acceptances, by round: a condition is pending on every issue it
  // names that is not agreed yet (the ledger's rule, talks_status.h).
  std::map<int, std::vector<std::pair<size_t, std::string>>> conditions_by_round;
  for (const Move& m : result.negotiation.moves) {
    const auto* accept = std::get_if<Accept>(&m.action);
    if (!accept || m.party < 0) continue;
    for (const Clause& c : accept->conditions) {
      std::string allowed;
      for (ValueIndex v : c.allowed)
        allowed += (allowed.empty() ? "" : "|") + space.issue(c.issue).ValueName(v);
      conditions_by_round[m.round].push_back(
          {c.issue, result.parties[static_cast<size_t>(m.party)] +
                        "'s condition: " + space.issue(c.issue).name + " = " + allowed});
    }
  }
  std::vector<std::pair<size_t, std::string>> standing_conditions;

  t.rows.resize(space.NumIssues());
  for (size_t i = 0; i < space.NumIssues(); ++i) t.rows[i].name = space.issue(i).name;
  std::vector<int> reopened_before(space.NumIssues(), 0);
  const auto& record = result.negotiation.undertaking;
  auto track_name = [&](size_t track) {
    return record && track < record->tracks.size() ? record->tracks[track].name : std::string();
  };
  for (const RoundState& rs : states) {
    if (!rs.undertaking) continue;
    const UndertakingRoundState& state = *rs.undertaking;
    t.columns.push_back(std::to_string(rs.round + 1));
    if (auto it = conditions_by_round.find(rs.round); it != conditions_by_round.end())
      standing_conditions.insert(standing_conditions.end(), it->second.begin(), it->second.end());
    for (size_t i = 0; i < state.issues.size() && i < t.rows.size(); ++i) {
      const IssueRecord& issue = state.issues[i];
      IssueCell cell;
      t.rows[i].group = track_name(issue.track);
      if (issue.value) cell.value = space.issue(i).ValueName(*issue.value);
      const bool track_open = std::find(state.open_tracks.begin(), state.open_tracks.end(),
                                        issue.track) != state.open_tracks.end();
      if (issue.status == DraftStatus::kFinal) {
        cell.state = IssueState::kFinal;
      } else if (issue.status == DraftStatus::kAgreedInDraft) {
        cell.state = IssueState::kAgreedInDraft;
      } else if (!track_open) {
        cell.state = IssueState::kNotOpen;
      } else if (issue.reopened > reopened_before[i]) {
        cell.state = IssueState::kReopened;
        cell.tip = "reopened (" + std::to_string(issue.reopened) + " time" +
                   (issue.reopened == 1 ? "" : "s") + " so far)";
      } else {
        cell.state = IssueState::kOpen;
      }
      reopened_before[i] = issue.reopened;
      // A standing proposal naming an open issue: proposed, by whom, and who accepts it.
      if (cell.state == IssueState::kOpen || cell.state == IssueState::kReopened) {
        for (const StandingRecord& standing : state.standing) {
          for (const IssueValue& v : standing.values) {
            if (v.issue != i) continue;
            if (cell.state == IssueState::kOpen) cell.state = IssueState::kProposed;
            cell.value = space.issue(i).ValueName(v.value);
            cell.proposer = standing.proposer;
            std::string accepted;
            for (size_t p : standing.accepted_by)
              if (p < result.parties.size())
                accepted += (accepted.empty() ? "" : ", ") + result.parties[p];
            if (!accepted.empty())
              cell.tip += (cell.tip.empty() ? "" : "\n") + std::string("accepted by ") + accepted;
          }
        }
      }
      if (cell.state != IssueState::kAgreedInDraft && cell.state != IssueState::kFinal) {
        for (const auto& [issue_index, text] : standing_conditions) {
          if (issue_index != i) continue;
          ++cell.conditions;
          cell.tip += (cell.tip.empty() ? "" : "\n") + text;
        }
      }
      t.rows[i].cells.push_back(std::move(cell));
    }
  }
  // Rows in track order (the scenario's), issues in space order within a track.
  const std::vector<Track> tracks = scenario.scenario().EffectiveTracks();
  auto rank = [&](const std::string& g) {
    for (size_t k = 0; k < tracks.size(); ++k)
      if (tracks[k].name == g) return k;
    return tracks.size();
  };
  std::stable_sort(t.rows.begin(), t.rows.end(),
                   [&](const auto& a, const auto& b) { return rank(a.group) < rank(b.group); });
  for (const VoteRound& v : PackageVotes(scenario, result)) {
    for (size_t c = 0; c < states.size() && c < t.columns.size(); ++c) {
      if (states[c].round != v.round) continue;
      t.votes.push_back({.column = c, .ballots = v.ballots, .passed = Passed(v)});
      break;
    }
  }
  return t;
}

Result<std::pair<size_t, size_t>> ParsePlotAxes(const std::string& text, const Scenario& scenario) {
  const size_t comma = text.find(',');
  auto party = [&](std::string part) -> std::optional<size_t> {
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (auto found = scenario.FindParty(part)) return found;
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    const size_t i = std::strtoul(part.c_str(), nullptr, 10);
    if (part.size() > 3 || i >= scenario.NumParties()) return std::nullopt;
    return i;
  };
  std::string names;
  for (const Party& p : scenario.parties) names += (names.empty() ? "" : ", ") + p.name;
  const Error bad = Error::BadInput(
      "expected two different parties, as names or 0-based indices separated by a comma "
      "(parties: " +
          names + "); got '" + text + "'",
      {}, 0, "--plot-axes");
  if (comma == std::string::npos) return bad;
  const auto x = party(text.substr(0, comma)), y = party(text.substr(comma + 1));
  if (!x || !y || *x == *y) return bad;
  return std::pair{*x, *y};
}

namespace {

/// The single undertaking: the issues round by round, then the packages voted on against the
/// frontier, in utility space for the chosen pair.
Figure UndertakingFigure(const PreparedScenario& scenario, const SessionResult& result,
                         const picture::UtilitySpace& space, size_t ax, size_t ay,
                         const std::string& title, const std::vector<std::string>& heading_lines,
                         double max_width) {
  const NegotiationResult& neg = result.negotiation;
  picture::IssueTimeline timeline = UndertakingTimeline(scenario, result);
  timeline.title = "The issues round by round (binding: " +
                   std::string(result.protocol.find("issue-by-issue") != std::string::npos
                                   ? "issue by issue"
                                   : "single undertaking") +
                   ")";
  for (const std::string& line : neg.summary) timeline.notes.push_back(line);
  const Figure grid = picture::RenderIssueTimeline(timeline, max_width);
  const Figure grid_legend = picture::IssueTimelineLegend(timeline, 4);

  const double size = 440;
  Chart chart = picture::UtilitySpaceChart(space, ax, ay, size, false);
  chart.title = "The whole package against the frontier";
  std::vector<LegendEntry> legend =
      picture::UtilitySpaceLegend(space, false, scenario.NumParties() > 2);
  Series passed{.label = "package voted: ratified", .colour = picture::kGreen};
  Series failed{.label = "package voted: rejected", .colour = picture::kVermillion};
  passed.joined = failed.joined = false;
  passed.dot_radius = failed.dot_radius = 5;
  for (const VoteRound& v : PackageVotes(scenario, result)) {
    if (v.utilities.size() != scenario.NumParties()) continue;
    Series& series = Passed(v) ? passed : failed;
    series.points.emplace_back(v.utilities[ax], v.utilities[ay]);
    std::string tip = "vote in round " + std::to_string(v.round + 1) + ": " +
                      (Passed(v) ? "ratified" : "rejected");
    for (const picture::Ballot& b : v.ballots)
      tip += "\n" + result.parties[b.party] + (b.accepted ? " yes" : " no") + " (" +
             FormatFixed(v.utilities[b.party], 3) + ")";
    series.tips.push_back(tip + "\n" + v.package);
  }
  for (Series* series : {&failed, &passed}) {
    if (series->points.empty()) continue;
    legend.push_back(picture::DotEntry(series->label, series->colour));
    chart.series.push_back(*series);
  }
  if (neg.agreement && result.metrics.utilities.size() == scenario.NumParties()) {
    chart.markers.push_back({.style = picture::AgreementStyle(),
                             .x = result.metrics.utilities[ax],
                             .y = result.metrics.utilities[ay],
                             .tip = "agreement: " + scenario.space().Describe(*neg.agreement)});
    legend.push_back(picture::MarkerEntry(picture::AgreementStyle()));
  }
  const Figure chart_figure = picture::RenderChart(chart);
  const Figure legend_figure = picture::RenderLegend(legend, 1, 250, "Legend");

  const double width = std::max(grid.width, size + 20 + legend_figure.width);
  const Figure heading = picture::RenderHeading(title, heading_lines, width);
  std::string body = picture::Place(heading, 0, 0, "heading");
  double y = heading.height + 6;
  body += picture::Place(grid, 0, y, "panel issues");
  y += grid.height + 8;
  body += picture::Place(grid_legend, 10, y);
  y += grid_legend.height + 14;
  body += picture::Place(chart_figure, 0, y, "panel utility-space");
  body += picture::Place(legend_figure, size + 20, y + 30);
  y += std::max(size, legend_figure.height + 30) + 6;
  return {body, width, y};
}

}  // namespace

Result<Figure> PlotFigure(const PreparedScenario& scenario, const SessionResult& result,
                          const ReferencePoints& reference, const PlotOptions& options,
                          double max_width) {
  const size_t n = scenario.NumParties();
  if (n < 2) {
    return Error::BadInput("a utility-space plot needs at least 2 parties; scenario '" +
                               result.scenario + "' has " + std::to_string(n),
                           {}, 0, "--plot");
  }
  const auto [ax, ay] = options.axes.value_or(std::pair<size_t, size_t>{0, 1});
  if (ax >= n || ay >= n || ax == ay) {
    return Error::BadInput("the plot's axes must be two different parties of the " +
                               std::to_string(n) + " in the scenario",
                           {}, 0, "--plot-axes");
  }
  const NegotiationResult& neg = result.negotiation;
  std::vector<const CompiledProfile*> profiles;
  for (size_t i = 0; i < n; ++i) profiles.push_back(&scenario.profile(i));
  const picture::OutcomeCloud cloud =
      picture::ComputeOutcomeCloud(scenario.space(), profiles, options.max_cloud_points);

  picture::UtilitySpace space;
  for (size_t i = 0; i < n; ++i) space.party_labels.push_back(PartyLabel(result, i));
  for (size_t i = 0; i < n; ++i)
    space.reservations.push_back(scenario.profile(i).reservation_value());
  space.cloud = &cloud;
  if (reference.frontier) {
    space.frontier = &*reference.frontier;
    space.points = picture::SolutionPointsOf(*reference.frontier, space.reservations);
  }
  std::tie(space.lo, space.hi) = picture::UtilityRange(cloud);
  const bool projected = n > 2;
  const bool tipped = neg.moves.size() <= kMaxTippedMoves;

  // Offers of each proposer (the parties, then the mediator), in order.
  std::vector<int> proposers;
  for (size_t i = 0; i < n; ++i) proposers.push_back(static_cast<int>(i));
  proposers.push_back(kMediator);
  auto offers_of = [&](int party) {
    std::vector<const Move*> out;
    for (const Move& m : neg.moves)
      if (m.party == party && IsOfferMove(m, n)) out.push_back(&m);
    return out;
  };

  // Heading.
  std::string title = result.scenario + ": ";
  for (size_t i = 0; i < n; ++i) title += (i ? " vs " : "") + result.agents[i];
  title += " under " + result.protocol;
  std::vector<std::string> lines;
  std::string outcome;
  if (neg.agreement) {
    outcome = "agreement in round " + std::to_string(neg.rounds) + " (";
    for (size_t i = 0; i < n; ++i)
      outcome +=
          (i ? ", " : "") + result.parties[i] + " " + FormatFixed(result.metrics.utilities[i], 3);
    outcome += ")";
  } else {
    outcome = "no agreement (" + std::string(EndReasonName(neg.reason)) + ") after " +
              std::to_string(neg.rounds) + " rounds";
  }
  if (result.metrics.pareto_distance)
    outcome += "; distance to Pareto " + FormatFixed(*result.metrics.pareto_distance, 3);
  if (result.metrics.nash_distance)
    outcome += ", to Nash " + FormatFixed(*result.metrics.nash_distance, 3);
  lines.push_back(outcome);
  if (projected) {
    lines.push_back("utility space: " + result.parties[ax] + " × " + result.parties[ay] + " of " +
                    std::to_string(n) +
                    " parties (choose with --plot-axes); the frontier is projected");
  }
  if (!reference.note.empty()) lines.push_back(reference.note);

  if (!neg.round_states.empty())
    return UndertakingFigure(scenario, result, space, ax, ay, title, lines, max_width);

  // The utility-space panel.
  const double main_size = 500;
  Chart main = picture::UtilitySpaceChart(space, ax, ay, main_size, false);
  main.title = "Utility space";
  std::vector<LegendEntry> legend = picture::UtilitySpaceLegend(space, false, projected);
  for (int p : proposers) {
    const auto offers = offers_of(p);
    if (offers.empty()) continue;
    const std::string colour =
        p == kMediator ? kMediatorColour : PartyColour(static_cast<size_t>(p));
    Series series{.label = (p == kMediator ? "mediator" : result.parties[p]) + " offers",
                  .colour = colour};
    series.opacity_by_order = true;
    series.dot_radius = 3.6;
    for (const Move* m : offers) {
      series.points.emplace_back(m->utilities[ax], m->utilities[ay]);
      if (tipped) series.tips.push_back(MoveTip(scenario, result, *m));
    }
    legend.push_back(picture::DotEntry(series.label, colour));
    main.series.push_back(std::move(series));
  }
  std::optional<picture::Marker> agreement;
  if (neg.agreement && result.metrics.utilities.size() == n) {
    std::string tip = "agreement in round " + std::to_string(neg.rounds);
    for (size_t i = 0; i < n; ++i)
      tip += "\n" + result.parties[i] + ": " + FormatFixed(result.metrics.utilities[i], 3);
    tip += "\n" + scenario.space().Describe(*neg.agreement);
    agreement = picture::Marker{.style = picture::AgreementStyle(),
                                .x = result.metrics.utilities[ax],
                                .y = result.metrics.utilities[ay],
                                .tip = tip};
    main.markers.push_back(*agreement);
    legend.push_back(picture::MarkerEntry(picture::AgreementStyle()));
  }

  // A panel per party: its utility over time for its own offers and the others'.
  const double panel_w = 430;
  const double panel_h = std::max(200.0, main_size / static_cast<double>(n));
  std::vector<Figure> panels;
  bool any_others = false;
  for (size_t i = 0; i < n; ++i) {
    Chart c;
    c.title = PartyLabel(result, i);
    c.width = panel_w;
    c.height = panel_h;
    c.x_lo = 0;
    c.x_hi = 1;
    c.y_lo = space.lo;
    c.y_hi = space.hi;
    c.x_label = "time (share of the deadline)";
    c.y_label = "utility";
    const double rv = space.reservations[i];
    c.lines.push_back({true, rv, "#555555", "reservation value " + FormatFixed(rv, 3)});
    for (int p : proposers) {
      const auto offers = offers_of(p);
      if (offers.empty()) continue;
      const bool own = p == static_cast<int>(i);
      Series series{
          .label = own ? "own offers" : WhoName(result, p) + "'s offers",
          .colour = p == kMediator ? kMediatorColour : PartyColour(static_cast<size_t>(p))};
      series.dot_radius = own ? 2.6 : 1.9;
      series.dashed = !own;
      any_others = any_others || !own;
      for (const Move* m : offers) {
        series.points.emplace_back(m->time, m->utilities[i]);
        if (tipped)
          series.tips.push_back(WhoName(result, p) + "'s offer at t = " + FormatFixed(m->time, 3) +
                                ", worth " + FormatFixed(m->utilities[i], 3) + " to " +
                                result.parties[i]);
      }
      // Own offers are drawn last, on top.
      if (own) {
        c.series.push_back(std::move(series));
      } else {
        c.series.insert(c.series.begin(), std::move(series));
      }
    }
    if (agreement) {
      c.markers.push_back(
          picture::Marker{.style = picture::AgreementStyle(),
                          .x = std::clamp(neg.time, 0.0, 1.0),
                          .y = result.metrics.utilities[i],
                          .tip = "agreement: " + FormatFixed(result.metrics.utilities[i], 3) +
                                 " to " + result.parties[i],
                          .radius = 6});
    }
    panels.push_back(picture::RenderChart(c));
  }
  legend.push_back({"time panels: own offers solid, others' dashed",
                    "<path d=\"M-9 0 L9 0\" stroke=\"#333\" stroke-width=\"2\" "
                    "stroke-dasharray=\"4 3\"/>"});
  (void)any_others;

  const double gap = 24;
  const double width = main_size + gap + panel_w;
  const Figure heading = picture::RenderHeading(title, lines, width);
  std::string body = picture::Place(heading, 0, 0, "heading");
  double y = heading.height + 6;
  body += picture::Place(picture::RenderChart(main), 0, y, "panel utility-space");
  double py = y;
  for (size_t i = 0; i < panels.size(); ++i) {
    body += picture::Place(panels[i], main_size + gap, py,
                           "panel utility-time party-" + std::to_string(i));
    py += panel_h;
  }
  y = std::max(y + main_size, py) + 10;
  const Figure legend_figure = picture::RenderLegend(legend, 3, width / 3, "Legend");
  body += picture::Place(legend_figure, 10, y);
  y += legend_figure.height + 14;
  if (projected) {
    const Figure parallel =
        ParallelCoordinates(scenario, result, space.points, space.lo, space.hi, width);
    body += picture::Place(parallel, 0, y, "panel parallel");
    y += parallel.height + 6;
  }
  return Figure{body, width, y};
}

Result<std::string> RenderPlot(const PreparedScenario& scenario, const SessionResult& result,
                               const ReferencePoints& reference, const PlotOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(Figure figure, PlotFigure(scenario, result, reference, options));
  const double margin = 16;
  const std::string title = result.scenario + " (" + result.protocol + ")";
  const std::string svg =
      picture::SvgDocument(picture::Place(figure, margin, margin), figure.width + 2 * margin,
                           figure.height + 2 * margin, title);
  return picture::AsFormat(options.format, svg, title);
}

Result<std::string> RenderComparePlot(const PreparedScenario& scenario,
                                      const SessionResult& by_issue,
                                      const SessionResult& undertaking,
                                      const ReferencePoints& reference,
                                      const PlotOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(Figure left, PlotFigure(scenario, by_issue, reference, options, 720));
  PARLEY_ASSIGN_OR_RETURN(Figure right, PlotFigure(scenario, undertaking, reference, options, 720));
  const double margin = 16, gap = 36;
  const std::string title =
      by_issue.scenario + ": issue-by-issue binding vs the single undertaking";
  const Figure heading = picture::RenderHeading(
      title,
      {"the same agents and seed under both rules; left: each issue final once agreed, "
       "right: nothing agreed until everything is agreed"},
      left.width + gap + right.width);
  std::string body = picture::Place(heading, margin, margin, "heading");
  const double top = margin + heading.height + 10;
  body += picture::Place(left, margin, top, "binding issue-by-issue");
  body += "<line x1=\"" + Num(margin + left.width + gap / 2) + "\" y1=\"" + Num(top) + "\" x2=\"" +
          Num(margin + left.width + gap / 2) + "\" y2=\"" +
          Num(top + std::max(left.height, right.height)) + "\" stroke=\"#bbb\"/>\n";
  body += picture::Place(right, margin + left.width + gap, top, "binding single-undertaking");
  const std::string svg =
      picture::SvgDocument(body, 2 * margin + left.width + gap + right.width,
                           top + std::max(left.height, right.height) + margin, title);
  return picture::AsFormat(options.format, svg, title);
}

Status WritePlotFile(const std::string& path, const PreparedScenario& scenario,
                     const SessionResult& result, const ReferencePoints& reference,
                     const PlotOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(PlotFormat format, picture::PlotFormatForPath(path, "--plot"));
  PlotOptions with_format = options;
  with_format.format = format;
  PARLEY_ASSIGN_OR_RETURN(std::string text, RenderPlot(scenario, result, reference, with_format));
  return picture::WritePictureFile(path, text, "--plot");
}

}  // namespace parley
