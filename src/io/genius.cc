#include "parley/io/genius.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <pugixml.hpp>

#include "io_util.h"
#include "value_function_util.h"

namespace parley {
namespace {

using io_internal::FormatDouble;
using io_internal::LineIndex;

/// One parsed XML file with what errors need: its name and a way to turn nodes into lines.
class XmlFile {
 public:
  XmlFile(std::string_view text, const std::string& file) : file_(file), lines_(text) {}

  /// Parses `text`; on failure the error names the line where the parser stopped.
  Status Parse(std::string_view text) {
    const pugi::xml_parse_result result =
        doc_.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
    // With no element at all the parser stops at the end; the problem is at the start.
    if (result.status == pugi::status_no_document_element)
      return Error::BadInput("not XML: no root element", file_, 1, "xml");
    if (!result)
      return Error::BadInput(
          std::string("not well-formed XML: ") + result.description(), file_,
          lines_.LineOf(static_cast<size_t>(std::max<ptrdiff_t>(0, result.offset))), "xml");
    return {};
  }

  pugi::xml_node root() const { return doc_.document_element(); }
  const std::string& file() const { return file_; }
  int Line(pugi::xml_node node) const {
    const ptrdiff_t offset = node.offset_debug();
    return offset >= 0 ? lines_.LineOf(static_cast<size_t>(offset)) : 0;
  }
  Error Bad(pugi::xml_node node, std::string field, std::string message) const {
    return Error::BadInput(std::move(message), file_, Line(node), std::move(field));
  }

  /// A required attribute that must be a finite number.
  Result<double> Number(pugi::xml_node node, const char* attribute, const std::string& field,
                        bool required = true, double fallback = 0) const {
    const pugi::xml_attribute attr = node.attribute(attribute);
    if (!attr) {
      if (!required) return fallback;
      return Bad(node, field, std::string("missing attribute '") + attribute + "'");
    }
    double x = 0;
    if (!io_internal::ParseDouble(attr.value(), x))
      return Bad(node, field, std::string("expected a number, found '") + attr.value() + "'");
    if (!std::isfinite(x))
      return Bad(node, field,
                 std::string("expected a finite number, found '") + attr.value() + "'");
    return x;
  }

  Result<long long> Integer(pugi::xml_node node, const char* attribute,
                            const std::string& field) const {
    const pugi::xml_attribute attr = node.attribute(attribute);
    if (!attr) return Bad(node, field, std::string("missing attribute '") + attribute + "'");
    long long x = 0;
    if (!io_internal::ParseInt(attr.value(), x))
      return Bad(node, field, std::string("expected an integer, found '") + attr.value() + "'");
    return x;
  }

 private:
  std::string file_;
  LineIndex lines_;
  pugi::xml_document doc_;
};

/// Limits that keep a hostile file from exhausting memory: every issue becomes a table per
/// party, so the number of values is bounded per issue and in total.
constexpr uint64_t kMaxIssueValues = 1'000'000;
constexpr uint64_t kMaxTotalValues = 4'000'000;

bool NameIs(pugi::xml_node node, const char* name) { return std::string_view(node.name()) == name; }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// The issue elements under an objective, in GENIUS's preorder (document order, descending
/// into sub-objectives).
void CollectIssues(pugi::xml_node objective, std::vector<pugi::xml_node>& issues,
                   std::vector<pugi::xml_node>& objectives, int depth = 0) {
  if (depth > 64) return;  // deeper nesting is rejected by the caller via the depth check
  objectives.push_back(objective);
  for (pugi::xml_node child : objective.children()) {
    if (child.type() != pugi::node_element) continue;
    if (NameIs(child, "issue")) issues.push_back(child);
    if (NameIs(child, "objective")) CollectIssues(child, issues, objectives, depth + 1);
  }
}

int ObjectiveDepth(pugi::xml_node objective, int depth = 0) {
  int deepest = depth;
  if (depth > 64) return depth;
  for (pugi::xml_node child : objective.children("objective"))
    deepest = std::max(deepest, ObjectiveDepth(child, depth + 1));
  return deepest;
}

std::string IssueField(const std::string& name) { return "issue '" + name + "'"; }

/// The issue kind a GENIUS issue element declares (`type`, else `vtype`, else `etype`).
std::optional<IssueKind> DeclaredKind(pugi::xml_node issue, std::string& declared) {
  for (const char* attr : {"type", "vtype", "etype"}) {
    const pugi::xml_attribute a = issue.attribute(attr);
    if (!a) continue;
    declared = a.value();
    const std::string t = Lower(a.value());
    if (t == "discrete") return IssueKind::kDiscrete;
    if (t == "integer") return IssueKind::kInteger;
    if (t == "real") return IssueKind::kReal;
    return std::nullopt;
  }
  declared.clear();
  return IssueKind::kDiscrete;  // GENIUS: no type means discrete
}

Result<std::pair<double, double>> RealBounds(const XmlFile& xml, pugi::xml_node issue,
                                             const std::string& field) {
  pugi::xml_node holder = issue.child("range") ? issue.child("range") : issue;
  PARLEY_ASSIGN_OR_RETURN(double lo, xml.Number(holder, "lowerbound", field + ".lowerbound"));
  PARLEY_ASSIGN_OR_RETURN(double hi, xml.Number(holder, "upperbound", field + ".upperbound"));
  if (lo > hi)
    return xml.Bad(holder, field,
                   "lowerbound " + FormatDouble(lo) + " exceeds upperbound " + FormatDouble(hi) +
                       ": the issue has no values");
  return std::make_pair(lo, hi);
}

}  // namespace

GeniusFileKind ClassifyGeniusText(std::string_view text) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto))
    return GeniusFileKind::kNotXml;
  const std::string_view root = doc.document_element().name();
  if (root == "negotiation_template") return GeniusFileKind::kDomain;
  if (root == "utility_space") return GeniusFileKind::kProfile;
  return GeniusFileKind::kNotGenius;
}

Result<GeniusDomain> ParseGeniusDomain(std::string_view text, const std::string& file_name,
                                       const LoadOptions& options) {
  XmlFile xml(text, file_name);
  PARLEY_RETURN_IF_ERROR(xml.Parse(text));
  const pugi::xml_node root = xml.root();
  if (!NameIs(root, "negotiation_template"))
    return xml.Bad(root, root.name(),
                   std::string("expected a GENIUS domain (root element <negotiation_template>), "
                               "found <") +
                       root.name() + ">");
  const pugi::xml_node space = root.child("utility_space");
  if (!space) return xml.Bad(root, "utility_space", "the domain has no <utility_space>");
  const pugi::xml_node objective = space.child("objective");
  if (!objective) return xml.Bad(space, "objective", "the domain has no <objective>");
  if (ObjectiveDepth(objective) > 64)
    return xml.Bad(objective, "objective", "objectives are nested more than 64 deep");

  if (options.real_resolution < 1 || options.real_resolution > kMaxIssueValues)
    return Error::BadInput(
        "real resolution must be between 1 and " + std::to_string(kMaxIssueValues), {}, 0,
        "real_resolution");

  GeniusDomain domain;
  domain.name = objective.attribute("name").value();
  std::vector<pugi::xml_node> issue_nodes, objective_nodes;
  CollectIssues(objective, issue_nodes, objective_nodes);
  if (issue_nodes.empty()) return xml.Bad(objective, "issue", "the domain has no issues");

  std::vector<Issue> issues;
  std::set<std::string> names;
  std::set<long long> indices;
  uint64_t total_values = 0;
  for (pugi::xml_node node : issue_nodes) {
    const std::string name = node.attribute("name").value();
    if (name.empty()) return xml.Bad(node, "issue.name", "an issue has no name");
    const std::string field = IssueField(name);
    if (!names.insert(name).second)
      return xml.Bad(node, field, "duplicate issue name '" + name + "'");
    PARLEY_ASSIGN_OR_RETURN(long long index, xml.Integer(node, "index", field + ".index"));
    if (!indices.insert(index).second)
      return xml.Bad(node, field + ".index", "duplicate issue index " + std::to_string(index));
    std::string declared;
    const std::optional<IssueKind> kind = DeclaredKind(node, declared);
    if (!kind)
      return xml.Bad(node, field + ".type",
                     "unknown issue type '" + declared + "' (expected discrete, integer or real)");
    Issue issue;
    switch (*kind) {
      case IssueKind::kDiscrete: {
        std::vector<std::string> values;
        std::set<std::string> seen;
        for (pugi::xml_node item : node.children("item")) {
          const pugi::xml_attribute value = item.attribute("value");
          if (!value) return xml.Bad(item, field + ".item", "an item has no 'value' attribute");
          if (!seen.insert(value.value()).second)
            return xml.Bad(item, field + ".item",
                           std::string("duplicate value '") + value.value() + "'");
          values.emplace_back(value.value());
        }
        issue = Issue::Discrete(name, std::move(values));
        break;
      }
      case IssueKind::kInteger: {
        PARLEY_ASSIGN_OR_RETURN(long long lo,
                                xml.Integer(node, "lowerbound", field + ".lowerbound"));
        PARLEY_ASSIGN_OR_RETURN(long long hi,
                                xml.Integer(node, "upperbound", field + ".upperbound"));
        if (lo > hi)
          return xml.Bad(node, field,
                         "lowerbound " + std::to_string(lo) + " exceeds upperbound " +
                             std::to_string(hi) + ": the issue has no values");
        // Compare in long double so that extreme bounds cannot overflow.
        if (static_cast<long double>(hi) - static_cast<long double>(lo) + 1 > kMaxIssueValues)
          return xml.Bad(
              node, field,
              "an integer issue may have at most " + std::to_string(kMaxIssueValues) + " values");
        issue = Issue::Integer(name, lo, hi);
        break;
      }
      case IssueKind::kReal: {
        PARLEY_ASSIGN_OR_RETURN(auto bounds, RealBounds(xml, node, field));
        uint32_t resolution = options.real_resolution;
        if (node.attribute("resolution")) {
          PARLEY_ASSIGN_OR_RETURN(long long r,
                                  xml.Integer(node, "resolution", field + ".resolution"));
          if (r < 1 || static_cast<uint64_t>(r) > kMaxIssueValues)
            return xml.Bad(node, field + ".resolution",
                           "resolution must be between 1 and " + std::to_string(kMaxIssueValues));
          if (!options.override_resolution) resolution = static_cast<uint32_t>(r);
        }
        if (bounds.first == bounds.second)
          resolution = 1;
        else if (resolution < 2)
          return xml.Bad(node, field + ".resolution",
                         "a real issue with lowerbound < upperbound needs at least 2 grid points");
        issue = Issue::Real(name, bounds.first, bounds.second, resolution);
        break;
      }
    }
    if (issue.Cardinality() == 0) return xml.Bad(node, field, "issue '" + name + "' has no values");
    total_values += issue.Cardinality();
    if (total_values > kMaxTotalValues)
      return xml.Bad(
          node, field,
          "the domain has more than " + std::to_string(kMaxTotalValues) + " values in all");
    issues.push_back(std::move(issue));
    domain.issue_indices.push_back(index);
  }
  domain.space = OutcomeSpace(std::move(issues));
  return domain;
}

namespace {

/// Reads `<reservation>` and `<discount_factor>` (GENIUS: a discount outside (0, 1] is
/// discarded, meaning no discounting).
Status ReadReservationAndDiscount(const XmlFile& xml, pugi::xml_node space, Profile& profile,
                                  std::vector<std::string>* notes) {
  if (pugi::xml_node r = space.child("reservation")) {
    PARLEY_ASSIGN_OR_RETURN(double rv, xml.Number(r, "value", "reservation.value"));
    // A utility, as every outcome's is; outside [0, 1] no outcome (or every one) would beat it.
    if (!(rv >= 0 && rv <= 1))
      return xml.Bad(r, "reservation.value",
                     "expected a number in [0, 1], found " + FormatDouble(rv));
    profile.reservation_value = rv;
  }
  if (pugi::xml_node d = space.child("discount_factor")) {
    PARLEY_ASSIGN_OR_RETURN(double df, xml.Number(d, "value", "discount_factor.value"));
    if (df <= 0 || df > 1) {
      if ((df < 0 || df > 1) && notes)
        notes->push_back(xml.file() + ":" + std::to_string(xml.Line(d)) + ": discount factor " +
                         FormatDouble(df) + " is outside (0, 1]; no discounting (as GENIUS)");
      df = 1;
    }
    profile.discount_factor = df;
  }
  return {};
}

/// Issue elements of a profile, keyed by index; checks they match the domain's issues.
Result<std::map<long long, pugi::xml_node>> ProfileIssues(const XmlFile& xml,
                                                          pugi::xml_node objective,
                                                          const GeniusDomain& domain) {
  if (ObjectiveDepth(objective) > 64)
    return xml.Bad(objective, "objective", "objectives are nested more than 64 deep");
  std::vector<pugi::xml_node> nodes, objectives;
  CollectIssues(objective, nodes, objectives);
  std::map<long long, pugi::xml_node> by_index;
  for (pugi::xml_node node : nodes) {
    const std::string name = node.attribute("name").value();
    PARLEY_ASSIGN_OR_RETURN(long long index,
                            xml.Integer(node, "index", IssueField(name) + ".index"));
    if (!by_index.emplace(index, node).second)
      return xml.Bad(node, IssueField(name) + ".index",
                     "duplicate issue index " + std::to_string(index));
    auto it = std::find(domain.issue_indices.begin(), domain.issue_indices.end(), index);
    if (it == domain.issue_indices.end())
      return xml.Bad(node, IssueField(name),
                     "the domain has no issue with index " + std::to_string(index) +
                         ": this profile belongs to another domain");
    const Issue& issue = domain.space.issue(static_cast<size_t>(it - domain.issue_indices.begin()));
    if (!name.empty() && name != issue.name)
      return xml.Bad(node, IssueField(name),
                     "issue index " + std::to_string(index) + " is '" + name + "' here but '" +
                         issue.name + "' in the domain: this profile belongs to another domain");
  }
  return by_index;
}

Result<ValueFunction> DiscreteFunction(const XmlFile& xml, pugi::xml_node node, const Issue& issue,
                                       std::vector<double>& raw) {
  const std::string field = IssueField(issue.name);
  raw.assign(issue.values.size(), 0);
  std::vector<bool> seen(issue.values.size(), false);
  for (pugi::xml_node item : node.children("item")) {
    const std::string value = item.attribute("value").value();
    const std::string item_field = field + ".item '" + value + "'";
    const std::optional<ValueIndex> v = issue.Find(value);
    if (!v)
      return xml.Bad(item, item_field,
                     "the domain's issue '" + issue.name + "' has no value '" + value + "'");
    if (seen[*v]) return xml.Bad(item, item_field, "duplicate value '" + value + "'");
    const pugi::xml_attribute eval = item.attribute("evaluation");
    if (!eval || std::string_view(eval.value()) == "null")
      return xml.Bad(item, item_field + ".evaluation", "value '" + value + "' has no evaluation");
    PARLEY_ASSIGN_OR_RETURN(double e, xml.Number(item, "evaluation", item_field + ".evaluation"));
    if (e < 0)
      return xml.Bad(item, item_field + ".evaluation",
                     "evaluation must be >= 0, found " + FormatDouble(e));
    raw[*v] = e;
    seen[*v] = true;
  }
  for (size_t v = 0; v < seen.size(); ++v)
    if (!seen[v]) return xml.Bad(node, field, "no evaluation for value '" + issue.values[v] + "'");
  // GENIUS divides by the largest evaluation (and treats a largest below 1e-5 as all zero).
  const double max = raw.empty() ? 0 : *std::max_element(raw.begin(), raw.end());
  ValueFunction f;
  f.table.assign(raw.size(), 0);
  if (max >= 0.00001)
    for (size_t v = 0; v < raw.size(); ++v) f.table[v] = raw[v] / max;
  return f;
}

Result<ValueFunction> IntegerFunction(const XmlFile& xml, pugi::xml_node node, const Issue& issue,
                                      std::vector<std::string>* notes) {
  const std::string field = IssueField(issue.name);
  for (const char* bound : {"lowerbound", "upperbound"}) {
    if (!node.attribute(bound)) continue;
    PARLEY_ASSIGN_OR_RETURN(long long b, xml.Integer(node, bound, field + "." + bound));
    const long long expected =
        std::string_view(bound) == "lowerbound" ? issue.int_min : issue.int_max;
    if (b != expected)
      return xml.Bad(node, field + "." + bound,
                     std::string(bound) + " is " + std::to_string(b) + " here but " +
                         std::to_string(expected) +
                         " in the domain: this profile belongs to another domain");
  }
  ValueFunction f;
  f.form = ValueFunction::Form::kLinear;
  const pugi::xml_node evaluator = node.child("evaluator");
  if (!evaluator) {
    if (notes)
      notes->push_back(xml.file() + ":" + std::to_string(xml.Line(node)) + ": integer issue '" +
                       issue.name + "' has no <evaluator>: every value evaluates to 0 (as GENIUS)");
  } else {
    const std::string ftype = Lower(evaluator.attribute("ftype").value());
    if (!ftype.empty() && ftype != "linear")
      return xml.Bad(evaluator, field + ".evaluator.ftype",
                     "an integer issue's evaluator must be 'linear', found '" + ftype + "'");
    PARLEY_ASSIGN_OR_RETURN(f.a, xml.Number(evaluator, "slope", field + ".evaluator.slope"));
    PARLEY_ASSIGN_OR_RETURN(f.b, xml.Number(evaluator, "offset", field + ".evaluator.offset"));
  }
  f.table = io_internal::TabulateForm(f, issue);
  return f;
}

Result<ValueFunction> RealFunction(const XmlFile& xml, pugi::xml_node node, const Issue& issue) {
  const std::string field = IssueField(issue.name);
  const pugi::xml_node evaluator = node.child("evaluator");
  if (!evaluator) {
    // Old GENIUS templates (2nd_hand_car) declare type="price" with a rationality factor: an
    // evaluator GENIUS itself dropped long ago.
    const std::string declared = node.attribute("type").value();
    const std::string found =
        declared.empty() || Lower(declared) == "real"
            ? "found none"
            : "found type=\"" + declared + "\", an evaluator GENIUS no longer reads";
    return xml.Bad(
        node, field + ".evaluator",
        "expected <evaluator ftype=\"linear|constant|triangular\"> for a real issue; " + found);
  }
  const std::string ftype = Lower(evaluator.attribute("ftype").value());
  const std::string ef = field + ".evaluator";
  ValueFunction f;
  if (ftype == "linear") {
    f.form = ValueFunction::Form::kLinear;
    PARLEY_ASSIGN_OR_RETURN(f.b, xml.Number(evaluator, "parameter0", ef + ".parameter0"));
    PARLEY_ASSIGN_OR_RETURN(f.a, xml.Number(evaluator, "parameter1", ef + ".parameter1"));
  } else if (ftype == "constant") {
    f.form = ValueFunction::Form::kConstant;
    PARLEY_ASSIGN_OR_RETURN(f.a, xml.Number(evaluator, "parameter0", ef + ".parameter0"));
  } else if (ftype == "triangular") {
    f.form = ValueFunction::Form::kTriangular;
    PARLEY_ASSIGN_OR_RETURN(f.a, xml.Number(evaluator, "parameter0", ef + ".parameter0"));
    PARLEY_ASSIGN_OR_RETURN(f.b, xml.Number(evaluator, "parameter1", ef + ".parameter1"));
    PARLEY_ASSIGN_OR_RETURN(f.c, xml.Number(evaluator, "parameter2", ef + ".parameter2"));
  } else {
    return xml.Bad(evaluator, ef + ".ftype",
                   "unsupported evaluator '" + ftype +
                       "' for a real issue (expected linear, constant or triangular)");
  }
  f.table = io_internal::TabulateForm(f, issue);
  for (double u : f.table)
    if (!(u >= 0 && u <= 1))
      return xml.Bad(evaluator, ef,
                     "the evaluator gives " + FormatDouble(u) +
                         " for some value; evaluations must lie in [0, 1]");
  return f;
}

Result<AdditiveUtility> ReadAdditive(const XmlFile& xml, pugi::xml_node objective,
                                     const GeniusDomain& domain, std::vector<std::string>* notes) {
  PARLEY_ASSIGN_OR_RETURN(auto issues_by_index, ProfileIssues(xml, objective, domain));
  // Weights may sit at any level of the objective tree; only issues' weights count.
  std::map<long long, std::pair<double, pugi::xml_node>> weights;
  std::vector<pugi::xml_node> issue_nodes, objectives;
  CollectIssues(objective, issue_nodes, objectives);
  for (pugi::xml_node obj : objectives)
    for (pugi::xml_node w : obj.children("weight")) {
      PARLEY_ASSIGN_OR_RETURN(long long index, xml.Integer(w, "index", "weight.index"));
      const std::string field = "weight " + std::to_string(index);
      const pugi::xml_attribute value = w.attribute("value");
      if (!value) return xml.Bad(w, field, "a weight has no 'value'");
      double x = 0;
      if (!io_internal::ParseDouble(value.value(), x))
        return xml.Bad(w, field, std::string("expected a number, found '") + value.value() + "'");
      if (!std::isfinite(x) || x < 0)
        return xml.Bad(
            w, field,
            std::string("weight must be a finite number >= 0, found '") + value.value() + "'");
      if (!weights.emplace(index, std::make_pair(x, w)).second)
        return xml.Bad(w, field, "duplicate weight for index " + std::to_string(index));
    }

  const size_t n = domain.space.NumIssues();
  AdditiveUtility out;
  double sum = 0;
  for (size_t i = 0; i < n; ++i) {
    const Issue& issue = domain.space.issue(i);
    const long long index = domain.issue_indices[i];
    auto node_it = issues_by_index.find(index);
    if (node_it == issues_by_index.end())
      return xml.Bad(objective, IssueField(issue.name),
                     "the profile does not value the domain's issue '" + issue.name + "' (index " +
                         std::to_string(index) + ")");
    auto w_it = weights.find(index);
    if (w_it == weights.end())
      return xml.Bad(
          node_it->second, "weight " + std::to_string(index),
          "missing weight for issue '" + issue.name + "' (index " + std::to_string(index) + ")");
    out.weights.push_back(w_it->second.first);
    sum += w_it->second.first;
    switch (issue.kind) {
      case IssueKind::kDiscrete: {
        std::vector<double> raw;
        PARLEY_ASSIGN_OR_RETURN(ValueFunction f,
                                DiscreteFunction(xml, node_it->second, issue, raw));
        out.issues.push_back(std::move(f));
        break;
      }
      case IssueKind::kInteger: {
        PARLEY_ASSIGN_OR_RETURN(ValueFunction f,
                                IntegerFunction(xml, node_it->second, issue, notes));
        out.issues.push_back(std::move(f));
        break;
      }
      case IssueKind::kReal: {
        PARLEY_ASSIGN_OR_RETURN(ValueFunction f, RealFunction(xml, node_it->second, issue));
        out.issues.push_back(std::move(f));
        break;
      }
    }
  }
  for (const auto& [index, w] : weights)
    if (std::find(domain.issue_indices.begin(), domain.issue_indices.end(), index) ==
            domain.issue_indices.end() &&
        issues_by_index.count(index) == 0) {
      // A weight for a sub-objective is legal GENIUS and plays no part in the utility; a weight
      // for nothing at all is a mistake.
      bool is_objective = false;
      for (pugi::xml_node obj : objectives) {
        long long oi = 0;
        if (io_internal::ParseInt(obj.attribute("index").value(), oi) && oi == index)
          is_objective = true;
      }
      if (!is_objective)
        return xml.Bad(
            w.second, "weight " + std::to_string(index),
            "weight for index " + std::to_string(index) + ", which is no issue of the domain");
    }
  if (!(sum > 0)) return xml.Bad(objective, "weight", "the weights sum to 0");
  // GENIUS uses the weights as the file gives them and caps the sum at 1; so does parley, so
  // that a GENIUS file gives GENIUS's utilities to the last bit.
  if (std::abs(sum - 1) > 1e-6 && notes)
    notes->push_back(xml.file() + ": weights sum to " + FormatDouble(sum) +
                     "; used as given, as GENIUS does (utilities above 1 count as 1)");
  out.capped = true;
  return out;
}

/// A bound in value indices, clamped to the issue's range as GENIUS's integer comparisons
/// behave; nullopt when no value of the issue satisfies it.
Result<std::optional<RectangleBound>> ReadBound(const XmlFile& xml, pugi::xml_node b,
                                                const GeniusDomain& domain,
                                                std::vector<std::string>* notes) {
  const std::string tag = b.name();
  PARLEY_ASSIGN_OR_RETURN(long long index, xml.Integer(b, "index", tag + ".index"));
  auto it = std::find(domain.issue_indices.begin(), domain.issue_indices.end(), index);
  if (it == domain.issue_indices.end())
    return xml.Bad(b, tag + ".index",
                   "the domain has no issue with index " + std::to_string(index));
  const size_t i = static_cast<size_t>(it - domain.issue_indices.begin());
  const Issue& issue = domain.space.issue(i);
  if (issue.kind != IssueKind::kInteger)
    return xml.Bad(b, tag,
                   "hyper-rectangle bounds need integer issues; '" + issue.name + "' is " +
                       std::string(IssueKindName(issue.kind)));
  PARLEY_ASSIGN_OR_RETURN(long long lo, xml.Integer(b, "min", tag + ".min"));
  PARLEY_ASSIGN_OR_RETURN(long long hi, xml.Integer(b, "max", tag + ".max"));
  if (lo < issue.int_min || hi > issue.int_max || lo > hi) {
    if (notes)
      notes->push_back(
          xml.file() + ":" + std::to_string(xml.Line(b)) + ": " + tag + " [" + std::to_string(lo) +
          ", " + std::to_string(hi) + "] reaches outside issue '" + issue.name + "' [" +
          std::to_string(issue.int_min) + ", " + std::to_string(issue.int_max) + "]; clamped");
    lo = std::max<long long>(lo, issue.int_min);
    hi = std::min<long long>(hi, issue.int_max);
    if (lo > hi) return std::optional<RectangleBound>();
  }
  return std::optional<RectangleBound>(RectangleBound{
      i, static_cast<ValueIndex>(lo - issue.int_min), static_cast<ValueIndex>(hi - issue.int_min)});
}

Result<RectangleNode> ReadUfun(const XmlFile& xml, pugi::xml_node ufun, const GeniusDomain& domain,
                               std::vector<std::string>* notes, int depth) {
  if (depth > 64) return xml.Bad(ufun, "ufun", "<ufun> elements are nested more than 64 deep");
  RectangleNode node;
  const std::string aggregation = Lower(ufun.attribute("aggregation").value());
  if (aggregation == "sum")
    node.aggregation = RectangleNode::Aggregation::kSum;
  else if (aggregation == "min")
    node.aggregation = RectangleNode::Aggregation::kMin;
  else if (aggregation == "max")
    node.aggregation = RectangleNode::Aggregation::kMax;
  else
    return xml.Bad(ufun, "ufun.aggregation",
                   "expected aggregation sum, min or max, found '" + aggregation + "'");
  if (ufun.attribute("weight")) {
    PARLEY_ASSIGN_OR_RETURN(node.weight, xml.Number(ufun, "weight", "ufun.weight"));
  }
  for (pugi::xml_node child : ufun.children()) {
    if (child.type() != pugi::node_element) continue;
    if (NameIs(child, "hyperRectangle")) {
      HyperRectangle rect;
      PARLEY_ASSIGN_OR_RETURN(rect.utility, xml.Number(child, "utility", "hyperRectangle.utility"));
      if (child.attribute("weight")) {
        PARLEY_ASSIGN_OR_RETURN(double w, xml.Number(child, "weight", "hyperRectangle.weight"));
        rect.utility *= w;
      }
      // GENIUS: a rectangle with any EXCLUDES bound is exclusive and uses only those bounds.
      const bool exclusive = static_cast<bool>(child.child("EXCLUDES"));
      if (exclusive && child.child("INCLUDES") && notes)
        notes->push_back(xml.file() + ":" + std::to_string(xml.Line(child)) +
                         ": hyperRectangle has INCLUDES and EXCLUDES; only EXCLUDES count (as "
                         "GENIUS)");
      bool never = false;  // some bound no value satisfies
      for (pugi::xml_node b : child.children(exclusive ? "EXCLUDES" : "INCLUDES")) {
        PARLEY_ASSIGN_OR_RETURN(std::optional<RectangleBound> bound,
                                ReadBound(xml, b, domain, notes));
        if (!bound)
          never = true;
        else
          (exclusive ? rect.excludes : rect.includes).push_back(*bound);
      }
      if (never) {
        // Inclusive: it never pays, like a rectangle worth 0 everywhere. Exclusive: no outcome
        // is inside its box, so it pays everywhere, like a rectangle without bounds.
        rect.includes.clear();
        rect.excludes.clear();
        if (!exclusive) rect.utility = 0;
      }
      node.rectangles.push_back(std::move(rect));
    } else if (NameIs(child, "ufun")) {
      PARLEY_ASSIGN_OR_RETURN(RectangleNode sub, ReadUfun(xml, child, domain, notes, depth + 1));
      node.children.push_back(std::move(sub));
    }
  }
  return node;
}

Result<HyperRectangleUtility> ReadNonlinear(const XmlFile& xml, pugi::xml_node space,
                                            pugi::xml_node objective, const GeniusDomain& domain,
                                            std::vector<std::string>* notes) {
  PARLEY_RETURN_IF_ERROR(ProfileIssues(xml, objective, domain));
  pugi::xml_node utility = objective.child("utility");
  if (!utility) utility = space.child("utility");
  if (!utility)
    return xml.Bad(objective, "utility", "a non-linear utility space needs a <utility> element");
  HyperRectangleUtility out;
  PARLEY_ASSIGN_OR_RETURN(out.max_utility, xml.Number(utility, "maxutility", "utility.maxutility"));
  if (!(out.max_utility > 0))
    return xml.Bad(utility, "utility.maxutility", "maxutility must be > 0");
  std::vector<pugi::xml_node> ufuns;
  for (pugi::xml_node u : utility.children("ufun")) ufuns.push_back(u);
  if (ufuns.empty()) return xml.Bad(utility, "ufun", "<utility> has no <ufun>");
  if (ufuns.size() > 1)
    return xml.Bad(ufuns[1], "ufun",
                   "expected one <ufun> under <utility> (GENIUS reads only the first); wrap "
                   "several in one <ufun aggregation=\"sum\">");
  PARLEY_ASSIGN_OR_RETURN(RectangleNode node, ReadUfun(xml, ufuns[0], domain, notes, 0));
  out.nodes.push_back(std::move(node));
  return out;
}

}  // namespace

Result<Profile> ParseGeniusProfile(std::string_view text, const std::string& file_name,
                                   const GeniusDomain& domain, std::vector<std::string>* notes) {
  XmlFile xml(text, file_name);
  PARLEY_RETURN_IF_ERROR(xml.Parse(text));
  const pugi::xml_node space = xml.root();
  if (!NameIs(space, "utility_space"))
    return xml.Bad(space, space.name(),
                   std::string("expected a GENIUS utility space (root element <utility_space>), "
                               "found <") +
                       space.name() + ">");
  Profile profile;
  profile.name = io_internal::FileStem(file_name);
  PARLEY_RETURN_IF_ERROR(ReadReservationAndDiscount(xml, space, profile, notes));
  const pugi::xml_node objective = space.child("objective");
  if (!objective) return xml.Bad(space, "objective", "the utility space has no <objective>");
  const std::string type = Lower(space.attribute("type").value());
  if (type == "nonlinear") {
    PARLEY_ASSIGN_OR_RETURN(HyperRectangleUtility u,
                            ReadNonlinear(xml, space, objective, domain, notes));
    profile.utility = std::move(u);
  } else {
    if (type == "uncertain" && notes)
      notes->push_back(file_name +
                       ": an UNCERTAIN utility space; its true (additive) preferences are used and "
                       "the elicitation settings (comparisons, errors) are ignored");
    else if (!type.empty() && type != "linear" && type != "additive" && notes)
      notes->push_back(file_name + ": utility space type '" + type + "' read as linear additive");
    PARLEY_ASSIGN_OR_RETURN(AdditiveUtility u, ReadAdditive(xml, objective, domain, notes));
    profile.utility = std::move(u);
  }
  Status valid = ValidateProfile(profile, domain.space, file_name);
  if (!valid) return valid.error();
  return profile;
}

Result<Scenario> ReadGenius(const std::string& domain_file,
                            std::span<const std::string> profile_files, const LoadOptions& options,
                            std::vector<std::string>* notes) {
  PARLEY_ASSIGN_OR_RETURN(std::string domain_text, io_internal::ReadTextFile(domain_file));
  PARLEY_ASSIGN_OR_RETURN(GeniusDomain domain,
                          ParseGeniusDomain(domain_text, domain_file, options));
  Scenario scenario;
  scenario.name = io_internal::FileStem(domain_file);
  scenario.source = domain_file;
  scenario.space = domain.space;
  for (const std::string& file : profile_files) {
    PARLEY_ASSIGN_OR_RETURN(std::string text, io_internal::ReadTextFile(file));
    PARLEY_ASSIGN_OR_RETURN(Profile profile, ParseGeniusProfile(text, file, domain, notes));
    Party party;
    party.name = io_internal::FileStem(file);
    party.profile = std::move(profile);
    scenario.parties.push_back(std::move(party));
  }
  Status valid = ValidateScenario(scenario);
  if (!valid) return valid.error();
  return scenario;
}

// ------------------------------------------------------------------------------------------
// Writing.

namespace {

/// How the writer renders one issue in GENIUS.
enum class IssueOut { kAsIs, kDiscreteValues };

void SetAttr(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(value.c_str());
}
void SetAttr(pugi::xml_node node, const char* name, double value) {
  SetAttr(node, name, FormatDouble(value));
}
void SetAttr(pugi::xml_node node, const char* name, long long value) {
  SetAttr(node, name, std::to_string(value));
}

std::string Render(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
  return out.str();
}

pugi::xml_node AppendObjective(pugi::xml_node parent, const std::string& name) {
  pugi::xml_node objective = parent.append_child("objective");
  SetAttr(objective, "index", 0LL);
  SetAttr(objective, "description", std::string());
  SetAttr(objective, "name", name.empty() ? std::string("root") : name);
  SetAttr(objective, "type", std::string("objective"));
  SetAttr(objective, "etype", std::string("objective"));
  return objective;
}

/// Appends the issue element as the domain declares it (no evaluations).
pugi::xml_node AppendIssue(pugi::xml_node objective, const Issue& issue, size_t i, IssueOut how) {
  pugi::xml_node node = objective.append_child("issue");
  SetAttr(node, "index", static_cast<long long>(i + 1));
  SetAttr(node, "name", issue.name);
  const std::string kind =
      how == IssueOut::kDiscreteValues ? "discrete" : std::string(IssueKindName(issue.kind));
  SetAttr(node, "vtype", kind);
  SetAttr(node, "type", kind);
  SetAttr(node, "etype", kind);
  if (how == IssueOut::kDiscreteValues || issue.kind == IssueKind::kDiscrete) return node;
  if (issue.kind == IssueKind::kInteger) {
    SetAttr(node, "lowerbound", static_cast<long long>(issue.int_min));
    SetAttr(node, "upperbound", static_cast<long long>(issue.int_max));
  } else {
    // The grid size is parley's: GENIUS ignores the extra attribute.
    SetAttr(node, "resolution", static_cast<long long>(issue.resolution));
    pugi::xml_node range = node.append_child("range");
    SetAttr(range, "lowerbound", issue.real_min);
    SetAttr(range, "upperbound", issue.real_max);
  }
  return node;
}

void AppendItems(pugi::xml_node node, const Issue& issue, const std::vector<double>* table) {
  for (ValueIndex v = 0; v < issue.Cardinality(); ++v) {
    pugi::xml_node item = node.append_child("item");
    SetAttr(item, "index", static_cast<long long>(v + 1));
    SetAttr(item, "value", issue.ValueName(v));
    if (table) SetAttr(item, "evaluation", (*table)[v]);
  }
}

Status AppendRectangles(pugi::xml_node ufun, const RectangleNode& node, const Scenario& scenario,
                        const std::string& party) {
  SetAttr(ufun, "type", std::string("PlainUfun"));
  SetAttr(ufun, "weight", node.weight);
  SetAttr(ufun, "aggregation",
          std::string(node.aggregation == RectangleNode::Aggregation::kSum   ? "sum"
                      : node.aggregation == RectangleNode::Aggregation::kMin ? "min"
                                                                             : "max"));
  for (const HyperRectangle& rect : node.rectangles) {
    if (!rect.includes.empty() && !rect.excludes.empty())
      return Error::Unsupported("party '" + party +
                                "': a hyper-rectangle with both included and excluded bounds "
                                "cannot be written in GENIUS");
    pugi::xml_node r = ufun.append_child("hyperRectangle");
    SetAttr(r, "utility", rect.utility);
    const bool exclusive = !rect.excludes.empty();
    for (const RectangleBound& b : exclusive ? rect.excludes : rect.includes) {
      const Issue& issue = scenario.space.issue(b.issue);
      pugi::xml_node e = r.append_child(exclusive ? "EXCLUDES" : "INCLUDES");
      SetAttr(e, "index", static_cast<long long>(b.issue + 1));
      SetAttr(e, "min", static_cast<long long>(issue.int_min + b.min));
      SetAttr(e, "max", static_cast<long long>(issue.int_min + b.max));
    }
  }
  for (const RectangleNode& child : node.children)
    PARLEY_RETURN_IF_ERROR(AppendRectangles(ufun.append_child("ufun"), child, scenario, party));
  return {};
}

}  // namespace

Result<GeniusFiles> GeniusText(const Scenario& scenario) {
  GeniusFiles files;
  const OutcomeSpace& space = scenario.space;
  const size_t n = space.NumIssues();

  // Integer and real issues keep their kind when every additive party's function over them is
  // one GENIUS can state (linear for integers; linear, constant or triangular for reals);
  // otherwise they become discrete issues with one item per value, which keeps utilities exact.
  std::vector<IssueOut> how(n, IssueOut::kAsIs);
  std::vector<std::vector<std::optional<ValueFunction>>> forms(
      scenario.parties.size(), std::vector<std::optional<ValueFunction>>(n));
  for (size_t p = 0; p < scenario.parties.size(); ++p) {
    const Profile& profile = scenario.parties[p].profile;
    if (!profile.IsAdditive()) {
      for (size_t i = 0; i < n; ++i)
        if (space.issue(i).kind != IssueKind::kInteger)
          return Error::Unsupported("party '" + scenario.parties[p].name +
                                    "': GENIUS non-linear utilities need integer issues; '" +
                                    space.issue(i).name + "' is " +
                                    std::string(IssueKindName(space.issue(i).kind)));
      continue;
    }
    for (size_t i = 0; i < n; ++i) {
      const Issue& issue = space.issue(i);
      if (issue.kind == IssueKind::kDiscrete) continue;
      forms[p][i] = io_internal::GeniusForm(profile.additive().issues[i], issue);
      if (!forms[p][i]) how[i] = IssueOut::kDiscreteValues;
    }
  }
  for (size_t i = 0; i < n; ++i)
    if (how[i] == IssueOut::kDiscreteValues)
      for (const Party& party : scenario.parties)
        if (!party.profile.IsAdditive())
          return Error::Unsupported(
              "issue '" + space.issue(i).name +
              "' would have to become discrete for another party's utilities, but party '" +
              party.name + "' has hyper-rectangles over it, which need an integer issue");
  for (size_t i = 0; i < n; ++i)
    if (how[i] == IssueOut::kDiscreteValues)
      files.dropped.push_back("issue '" + space.issue(i).name + "': written as a discrete issue (" +
                              std::to_string(space.issue(i).Cardinality()) +
                              " values), because a party's utilities over it are not a GENIUS "
                              "evaluator function");

  // The domain.
  {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("negotiation_template");
    pugi::xml_node us = root.append_child("utility_space");
    SetAttr(us, "number_of_issues", static_cast<long long>(n));
    pugi::xml_node objective = AppendObjective(us, scenario.name);
    for (size_t i = 0; i < n; ++i) {
      pugi::xml_node node = AppendIssue(objective, space.issue(i), i, how[i]);
      if (how[i] == IssueOut::kDiscreteValues || space.issue(i).kind == IssueKind::kDiscrete)
        AppendItems(node, space.issue(i), nullptr);
    }
    files.domain_text = Render(doc);
  }
  std::string base = io_internal::SafeFileName(scenario.name.empty() ? "scenario" : scenario.name);
  files.domain_file_name = base + "_domain.xml";

  std::set<std::string> used = {files.domain_file_name};
  std::vector<std::string> names;
  for (size_t p = 0; p < scenario.parties.size(); ++p) {
    const Party& party = scenario.parties[p];
    const Profile& profile = party.profile;
    std::string stem = io_internal::SafeFileName(party.name);
    std::string file = stem + ".xml";
    for (int k = 2; used.count(file); ++k) file = stem + "_" + std::to_string(k) + ".xml";
    used.insert(file);
    if (io_internal::FileStem(file) != party.name)
      files.dropped.push_back("party '" + party.name + "': written as " + file +
                              " (GENIUS party names come from file names)");
    names.push_back(io_internal::FileStem(file));

    pugi::xml_document doc;
    pugi::xml_node us = doc.append_child("utility_space");
    if (!profile.IsAdditive()) SetAttr(us, "type", std::string("nonlinear"));
    pugi::xml_node objective = AppendObjective(us, scenario.name);
    if (profile.IsAdditive()) {
      const AdditiveUtility& add = profile.additive();
      for (size_t i = 0; i < n; ++i) {
        const Issue& issue = space.issue(i);
        pugi::xml_node node = AppendIssue(objective, issue, i, how[i]);
        const ValueFunction& f = add.issues[i];
        if (issue.kind == IssueKind::kDiscrete || how[i] == IssueOut::kDiscreteValues) {
          AppendItems(node, issue, &f.table);
          const double max =
              f.table.empty() ? 0 : *std::max_element(f.table.begin(), f.table.end());
          if (max > 0 && max < 1 - 1e-12)
            files.dropped.push_back("party '" + party.name + "', issue '" + issue.name +
                                    "': its best value is worth " + FormatDouble(max) +
                                    ", GENIUS rescales it to 1");
          continue;
        }
        const ValueFunction& g = *forms[p][i];
        pugi::xml_node ev = node.append_child("evaluator");
        switch (g.form) {
          case ValueFunction::Form::kLinear:
            SetAttr(ev, "ftype", std::string("linear"));
            if (issue.kind == IssueKind::kInteger) {
              SetAttr(ev, "slope", g.a);
              SetAttr(ev, "offset", g.b);
            } else {
              SetAttr(ev, "parameter0", g.b);
              SetAttr(ev, "parameter1", g.a);
            }
            break;
          case ValueFunction::Form::kConstant:
            SetAttr(ev, "ftype", std::string("constant"));
            SetAttr(ev, "parameter0", g.a);
            break;
          case ValueFunction::Form::kTriangular:
            SetAttr(ev, "ftype", std::string("triangular"));
            SetAttr(ev, "parameter0", g.a);
            SetAttr(ev, "parameter1", g.b);
            SetAttr(ev, "parameter2", g.c);
            break;
          case ValueFunction::Form::kTable:
            break;  // GeniusForm never returns a table
        }
      }
      for (size_t i = 0; i < n; ++i) {
        pugi::xml_node w = objective.append_child("weight");
        SetAttr(w, "index", static_cast<long long>(i + 1));
        SetAttr(w, "value", add.weights[i]);
      }
    } else {
      for (size_t i = 0; i < n; ++i) AppendIssue(objective, space.issue(i), i, how[i]);
      const HyperRectangleUtility& nl = profile.rectangles();
      pugi::xml_node utility = objective.append_child("utility");
      SetAttr(utility, "maxutility", nl.max_utility);
      pugi::xml_node ufun = utility.append_child("ufun");
      if (nl.nodes.size() == 1) {
        PARLEY_RETURN_IF_ERROR(AppendRectangles(ufun, nl.nodes[0], scenario, party.name));
      } else {
        // GENIUS reads one top-level ufun; several root nodes sum, so wrap them in a sum.
        RectangleNode wrapper;
        wrapper.children = nl.nodes;
        PARLEY_RETURN_IF_ERROR(AppendRectangles(ufun, wrapper, scenario, party.name));
      }
    }
    SetAttr(us.append_child("discount_factor"), "value", profile.discount_factor);
    SetAttr(us.append_child("reservation"), "value", profile.reservation_value);
    if (!profile.constraints.empty())
      files.dropped.push_back("party '" + party.name +
                              "': " + std::to_string(profile.constraints.size()) +
                              " hard constraint(s) (GENIUS has none)");
    files.profile_file_names.push_back(file);
    files.profile_texts.push_back(Render(doc));
  }
  io_internal::NoteDroppedRules(scenario, names, "GENIUS", files.dropped);
  return files;
}

Result<WriteReport> WriteGenius(const Scenario& scenario, const std::string& folder) {
  PARLEY_ASSIGN_OR_RETURN(GeniusFiles files, GeniusText(scenario));
  return io_internal::WriteScenarioFolder(folder, files.domain_file_name, files.domain_text,
                                          files.profile_file_names, files.profile_texts,
                                          std::move(files.dropped));
}

}  // namespace parley
