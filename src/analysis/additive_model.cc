#include "additive_model.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>

#include "parley/core/text.h"

namespace parley::analysis_internal {
namespace {

constexpr size_t kMaxComponentCombos = size_t{1} << 22;

size_t Find(std::vector<size_t>& parent, size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

bool ConstraintHolds(const Constraint& c, const Outcome& outcome) {
  for (const Clause& w : c.when)
    if (!ClauseHolds(w, outcome)) return true;
  return ClauseHolds(c.then, outcome);
}

std::string IssueList(const OutcomeSpace& space, const std::vector<size_t>& issues) {
  std::string out;
  for (size_t i : issues) out += (out.empty() ? "'" : ", '") + space.issue(i).name + "'";
  return out;
}

}  // namespace

Error Deadline::TimeoutError(const std::string& what) const {
  char limit[32];
  std::snprintf(limit, sizeof limit, "%g", limit_);
  return Error::Unsupported(what + " did not finish within the time limit of " + limit +
                            " s; raise the limit (no approximation is offered for this search)");
}

bool AllAdditive(const Scenario& scenario) {
  return std::all_of(scenario.parties.begin(), scenario.parties.end(),
                     [](const Party& p) { return p.profile.IsAdditive(); });
}

Result<AdditiveModel> BuildAdditiveModel(const Scenario& scenario, const AnalysisOptions& options,
                                         const Deadline* deadline) {
  DeadlineCheck check(deadline);
  const OutcomeSpace& space = scenario.space;
  const size_t n_issues = space.NumIssues();
  AdditiveModel model;
  model.parties = scenario.NumParties();
  for (const Party& party : scenario.parties) {
    PARLEY_ASSIGN_OR_RETURN(PartyKeys keys, MakePartyKeys(party.profile, space));
    if (!keys.additive) return Error::Internal("BuildAdditiveModel on a non-additive profile");
    model.keys.push_back(std::move(keys));
  }

  // Group issues tied by constraints; remember which constraints each group must check.
  std::vector<size_t> parent(n_issues);
  std::iota(parent.begin(), parent.end(), size_t{0});
  std::vector<const Constraint*> constraints;
  for (const Party& party : scenario.parties) {
    for (const Constraint& c : party.profile.constraints) {
      if (c.then.issue >= n_issues) return Error::BadInput("constraint on an unknown issue");
      for (const Clause& w : c.when) {
        if (w.issue >= n_issues) return Error::BadInput("constraint on an unknown issue");
        parent[Find(parent, w.issue)] = Find(parent, c.then.issue);
      }
      constraints.push_back(&c);
    }
  }
  std::vector<bool> constrained(n_issues, false);
  for (const Constraint* c : constraints) constrained[Find(parent, c->then.issue)] = true;

  std::vector<int> component_of_root(n_issues, -1);
  for (size_t i = 0; i < n_issues; ++i) {
    const size_t root = Find(parent, i);
    if (component_of_root[root] < 0) {
      component_of_root[root] = static_cast<int>(model.components.size());
      model.components.emplace_back();
    }
    model.components[component_of_root[root]].issues.push_back(i);
  }

  Outcome scratch(n_issues, 0);
  for (Component& comp : model.components) {
    const size_t root = Find(parent, comp.issues.front());
    const size_t width = comp.issues.size();
    double full_product = 1;  // combinations of the group's values, constrained or not
    if (!constrained[root]) {
      const size_t card = space.issue(comp.issues.front()).Cardinality();
      comp.size = card;
      full_product = static_cast<double>(card);
      comp.combos.resize(card);
      std::iota(comp.combos.begin(), comp.combos.end(), ValueIndex{0});
    } else {
      std::vector<uint64_t> sizes;
      for (size_t i : comp.issues) sizes.push_back(space.issue(i).Cardinality());
      for (uint64_t size : sizes) full_product *= static_cast<double>(size);
      // Printed by FormatProduct: a wide group's product overflows every integer type (and
      // double), and casting it to one is undefined.
      if (!(full_product <= options.max_enumeration))
        return Error::Unsupported(
            "hard constraints tie issues " + IssueList(space, comp.issues) + " into " +
            FormatProduct(sizes) +
            " combinations, more than the enumeration limit (max_enumeration)");
      std::vector<const Constraint*> mine;
      for (const Constraint* c : constraints)
        if (Find(parent, c->then.issue) == root) mine.push_back(c);
      std::vector<ValueIndex> values(width, 0);
      while (true) {
        if (check.Expired())
          return deadline->TimeoutError("enumerating the combinations of the issues " +
                                        IssueList(space, comp.issues) +
                                        " tied by hard constraints");
        for (size_t k = 0; k < width; ++k) scratch[comp.issues[k]] = values[k];
        const bool ok = std::all_of(mine.begin(), mine.end(), [&](const Constraint* c) {
          return ConstraintHolds(*c, scratch);
        });
        if (ok) {
          if (comp.size == kMaxComponentCombos)
            return Error::Unsupported("hard constraints tie issues " +
                                      IssueList(space, comp.issues) +
                                      " into more acceptable combinations than can be held");
          comp.combos.insert(comp.combos.end(), values.begin(), values.end());
          ++comp.size;
        }
        bool done = true;
        for (size_t k = width; k-- > 0;) {
          if (++values[k] < space.issue(comp.issues[k]).Cardinality()) {
            done = false;
            break;
          }
          values[k] = 0;
        }
        if (done) break;
      }
    }
    comp.keys.resize(comp.size * model.parties);
    for (size_t c = 0; c < comp.size; ++c) {
      const ValueIndex* combo = comp.combo(c);
      for (size_t p = 0; p < model.parties; ++p) {
        int64_t k = 0;
        for (size_t j = 0; j < width; ++j) k += model.keys[p].table[comp.issues[j]][combo[j]];
        comp.keys[c * model.parties + p] = k;
      }
    }
    model.acceptable *= static_cast<double>(comp.size);
    model.acceptable_share *= static_cast<double>(comp.size) / full_product;
  }
  return model;
}

}  // namespace parley::analysis_internal
