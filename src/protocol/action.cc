#include "parley/protocol/action.h"

#include <string>

namespace parley {

static_assert(std::variant_size_v<Action> == 6, "update ActionKind and ActionKindName");

std::string_view ActionKindName(ActionKind kind) {
  switch (kind) {
    case ActionKind::kOffer:
      return "offer";
    case ActionKind::kAccept:
      return "accept";
    case ActionKind::kReject:
      return "reject";
    case ActionKind::kEnd:
      return "end";
    case ActionKind::kPartialOffer:
      return "partial-offer";
    case ActionKind::kReopen:
      return "reopen";
  }
  return "unknown";
}

std::string ActionSet::ToString() const {
  std::vector<std::string_view> names;
  for (unsigned k = 0; k < std::variant_size_v<Action>; ++k)
    if (Contains(static_cast<ActionKind>(k)))
      names.push_back(ActionKindName(static_cast<ActionKind>(k)));
  if (names.empty()) return "nothing";
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += (i + 1 == names.size()) ? " or " : ", ";
    out += names[i];
  }
  return out;
}

namespace {

std::string DescribeClauses(const std::vector<Clause>& clauses, const OutcomeSpace& space) {
  std::string out;
  for (const Clause& c : clauses) {
    if (!out.empty()) out += " and ";
    if (c.issue >= space.NumIssues()) {
      out += "issue#" + std::to_string(c.issue);
      continue;
    }
    const Issue& issue = space.issue(c.issue);
    out += issue.name + " in {";
    for (size_t i = 0; i < c.allowed.size(); ++i) {
      if (i) out += ", ";
      out += c.allowed[i] < issue.Cardinality() ? issue.ValueName(c.allowed[i])
                                                : "#" + std::to_string(c.allowed[i]);
    }
    out += "}";
  }
  return out;
}

}  // namespace

std::string DescribeAction(const Action& action, const OutcomeSpace& space) {
  struct Visitor {
    const OutcomeSpace& space;
    std::string operator()(const Offer& o) const {
      return space.Contains(o.outcome) ? "offer " + space.Describe(o.outcome) : "offer <invalid>";
    }
    std::string operator()(const Accept& a) const {
      return a.conditions.empty() ? "accept" : "accept if " + DescribeClauses(a.conditions, space);
    }
    std::string operator()(const Reject&) const { return "reject"; }
    std::string operator()(const EndNegotiation&) const { return "end"; }
    std::string operator()(const PartialOffer& p) const {
      std::string out = "propose ";
      for (size_t i = 0; i < p.values.size(); ++i) {
        const IssueValue& iv = p.values[i];
        if (i) out += ", ";
        if (iv.issue < space.NumIssues() && iv.value < space.issue(iv.issue).Cardinality()) {
          out += space.issue(iv.issue).name + "=" + space.issue(iv.issue).ValueName(iv.value);
        } else {
          out += "<invalid>";
        }
      }
      return out;
    }
    std::string operator()(const Reopen& r) const {
      return "reopen " +
             (r.issue < space.NumIssues() ? space.issue(r.issue).name : std::string("<invalid>"));
    }
  };
  return std::visit(Visitor{space}, action);
}

}  // namespace parley
