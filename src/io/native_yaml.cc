// The native YAML reader. yaml-cpp builds a node tree (it limits its own recursion depth and
// throws on malformed text); a Reader then walks the tree once, checking every field against the
// format (docs/scenario-format.md) and building the Scenario. Every check names the file, the
// line of the offending node and the field path. yaml-cpp's exceptions stop in ParseNative.

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "native_internal.h"
#include "parley/core/text.h"
#include "parley/io/native.h"

namespace parley {
namespace {

using native_internal::FindValueByName;
using native_internal::FormValues;
using native_internal::kUnitSlack;
using native_internal::ParseDouble;
using native_internal::ParseInt;

using Keys = std::initializer_list<std::string_view>;

int LineOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : 0;
}

std::string Join(const std::vector<std::string>& items, size_t limit = 12) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < limit; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > limit) out += ", ... (" + std::to_string(items.size()) + " in all)";
  return out;
}

std::string Join(Keys keys) {
  std::vector<std::string> items(keys.begin(), keys.end());
  return Join(items, items.size());
}

std::string Quote(std::string_view text) {
  constexpr size_t kMax = 60;
  std::string out = "'";
  out += text.size() > kMax ? std::string(text.substr(0, kMax)) + "..." : std::string(text);
  return out + "'";
}

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing (null)";
    case YAML::NodeType::Scalar:
      return Quote(node.Scalar());
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing";
  }
}

/// A mapping entry whose key has been checked to be a unique, allowed scalar.
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

struct MapView {
  YAML::Node node;
  std::vector<Entry> entries;
  const Entry* Find(std::string_view key) const {
    for (const auto& e : entries)
      if (e.key == key) return &e;
    return nullptr;
  }
};

/// Name -> index, for issues, parties, tracks and discrete values.
using NameIndex = std::unordered_map<std::string, size_t>;

class Reader {
 public:
  Reader(std::string file, const LoadOptions& options, size_t budget)
      : file_(std::move(file)), options_(options), budget_(budget) {}

  Result<Scenario> Read(const YAML::Node& root);

 private:
  Error Fail(const YAML::Node& node, const std::string& path, std::string message) const {
    return Error::BadInput(std::move(message), file_, LineOf(node), path);
  }
  Status Tick(const YAML::Node& node, const std::string& path) {
    if (++visited_ > budget_)
      return Fail(node, path,
                  "the document expands (through aliases) to more than " + std::to_string(budget_) +
                      " elements; write the scenario out without repeated aliases");
    return {};
  }

  // Shapes.
  Result<MapView> Map(const YAML::Node& node, const std::string& path, Keys allowed,
                      bool any_keys = false);
  Result<std::vector<YAML::Node>> List(const YAML::Node& node, const std::string& path);
  Result<std::string> String(const YAML::Node& node, const std::string& path);
  Result<std::string> Name(const YAML::Node& node, const std::string& path);
  Result<double> Number(const YAML::Node& node, const std::string& path);
  Result<int64_t> Integer(const YAML::Node& node, const std::string& path);
  Result<bool> Bool(const YAML::Node& node, const std::string& path);
  Error Missing(const MapView& map, const std::string& path, std::string_view key,
                std::string_view expected) const {
    return Fail(map.node, path.empty() ? std::string(key) : path + "." + std::string(key),
                "missing '" + std::string(key) + "': expected " + std::string(expected));
  }

  // References by name.
  Result<size_t> IssueRef(const YAML::Node& node, const std::string& path);
  Result<size_t> PartyRef(const YAML::Node& node, const std::string& path);
  Result<ValueIndex> ValueRef(size_t issue, const YAML::Node& node, const std::string& path);

  // Parts.
  Result<Issue> ReadIssue(const YAML::Node& node, const std::string& path);
  Result<Party> ReadParty(const YAML::Node& node, const std::string& path);
  Result<AdditiveUtility> ReadAdditive(const MapView& profile, const std::string& path);
  Result<ValueFunction> ReadValueFunction(size_t issue, const YAML::Node& node,
                                          const std::string& path, bool normalize);
  Result<std::vector<double>> ReadValueMap(size_t issue, const YAML::Node& node,
                                           const std::string& path, bool normalize);
  Status CheckUtility(double& u, size_t issue, ValueIndex v, const YAML::Node& node,
                      const std::string& path, bool normalize) const;
  Result<HyperRectangleUtility> ReadRectangles(const MapView& profile, const std::string& path);
  Result<RectangleNode> ReadNode(const YAML::Node& node, const std::string& path, int depth);
  Result<RectangleBound> ReadBound(const YAML::Node& node, const std::string& path);
  Result<Constraint> ReadConstraint(const YAML::Node& node, const std::string& path);
  Result<std::vector<Clause>> ReadClauses(const YAML::Node& node, const std::string& path);
  Result<Clause> ReadClause(const Entry& entry, const std::string& path);
  Result<Rules> ReadRules(const YAML::Node& node, const std::string& path);

  std::string file_;
  const LoadOptions& options_;
  size_t budget_;
  size_t visited_ = 0;
  std::vector<Issue> issues_;
  NameIndex issue_index_;
  std::vector<NameIndex> value_index_;  // per discrete issue
  NameIndex party_index_;
};

Result<MapView> Reader::Map(const YAML::Node& node, const std::string& path, Keys allowed,
                            bool any_keys) {
  if (!node.IsMap())
    return Fail(node, path, "expected a mapping (key: value lines), found " + Describe(node));
  MapView view;
  view.node = node;
  std::unordered_set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    PARLEY_RETURN_IF_ERROR(Tick(key, path));
    if (!key.IsScalar())
      return Fail(key, path,
                  "expected a plain key, found " + Describe(key) +
                      (key.IsNull() ? " (quote it if it is a name: \"null\")" : ""));
    std::string name = key.Scalar();
    const std::string here = path.empty() ? name : path + "." + name;
    if (!any_keys && std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return Fail(key, here,
                  "unknown key " + Quote(name) + " (allowed: " + Join(allowed) + ")" +
                      DidYouMean(name, std::vector<std::string>(allowed.begin(), allowed.end())));
    if (!seen.insert(name).second) return Fail(key, here, "duplicate key " + Quote(name));
    view.entries.push_back(Entry{std::move(name), key, it->second});
  }
  return view;
}

Result<std::vector<YAML::Node>> Reader::List(const YAML::Node& node, const std::string& path) {
  if (!node.IsSequence())
    return Fail(node, path, "expected a list ([a, b] or '- item' lines), found " + Describe(node));
  std::vector<YAML::Node> items;
  for (const auto& child : node) {
    PARLEY_RETURN_IF_ERROR(Tick(child, path));
    items.push_back(child);
  }
  return items;
}

Result<std::string> Reader::String(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar())
    return Fail(node, path,
                "expected a string, found " + Describe(node) +
                    (node.IsNull() ? " (write \"\" for an empty string)" : ""));
  return node.Scalar();
}

Result<std::string> Reader::Name(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar())
    return Fail(node, path,
                "expected a name, found " + Describe(node) +
                    (node.IsNull() ? " (quote names such as \"null\" or \"~\")" : ""));
  if (node.Scalar().empty()) return Fail(node, path, "expected a name, found an empty string");
  return node.Scalar();
}

Result<double> Reader::Number(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar()) return Fail(node, path, "expected a number, found " + Describe(node));
  if (node.Tag() == "!")
    return Fail(node, path, "expected a number, found the quoted string " + Quote(node.Scalar()));
  const auto value = ParseDouble(node.Scalar());
  if (!value) return Fail(node, path, "expected a finite number, found " + Quote(node.Scalar()));
  return *value;
}

Result<int64_t> Reader::Integer(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar()) return Fail(node, path, "expected an integer, found " + Describe(node));
  if (node.Tag() == "!")
    return Fail(node, path, "expected an integer, found the quoted string " + Quote(node.Scalar()));
  const auto value = ParseInt(node.Scalar());
  if (!value)
    return Fail(node, path,
                "expected a whole number between -2^63 and 2^63-1, found " + Quote(node.Scalar()));
  return *value;
}

Result<bool> Reader::Bool(const YAML::Node& node, const std::string& path) {
  if (node.IsScalar() && node.Tag() != "!") {
    if (node.Scalar() == "true") return true;
    if (node.Scalar() == "false") return false;
  }
  return Fail(node, path, "expected true or false, found " + Describe(node));
}

Result<size_t> Reader::IssueRef(const YAML::Node& node, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(std::string name, Name(node, path));
  auto it = issue_index_.find(name);
  if (it == issue_index_.end()) {
    std::vector<std::string> names;
    for (const auto& issue : issues_) names.push_back(issue.name);
    return Fail(node, path,
                "unknown issue " + Quote(name) + " (issues: " + Join(names) + ")" +
                    DidYouMean(name, names));
  }
  return it->second;
}

Result<size_t> Reader::PartyRef(const YAML::Node& node, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(std::string name, Name(node, path));
  auto it = party_index_.find(name);
  if (it == party_index_.end()) {
    std::vector<std::string> names(party_index_.size());
    for (const auto& [n, i] : party_index_) names[i] = n;
    return Fail(node, path,
                "unknown party " + Quote(name) + " (parties: " + Join(names) + ")" +
                    DidYouMean(name, names));
  }
  return it->second;
}

Result<ValueIndex> Reader::ValueRef(size_t issue_at, const YAML::Node& node,
                                    const std::string& path) {
  const Issue& issue = issues_[issue_at];
  if (!node.IsScalar())
    return Fail(node, path,
                "expected a value of issue " + Quote(issue.name) + ", found " + Describe(node));
  const std::string& name = node.Scalar();
  if (issue.kind == IssueKind::kDiscrete) {
    const NameIndex& index = value_index_[issue_at];
    auto it = index.find(name);
    if (it != index.end()) return static_cast<ValueIndex>(it->second);
    return Fail(node, path,
                Quote(name) + " is not a value of issue " + Quote(issue.name) +
                    " (values: " + Join(issue.values) + ")" + DidYouMean(name, issue.values));
  }
  if (node.Tag() == "!")
    return Fail(node, path,
                "expected a number of issue " + Quote(issue.name) + ", found the quoted string " +
                    Quote(name));
  if (auto v = FindValueByName(issue, name)) return *v;
  if (issue.kind == IssueKind::kInteger)
    return Fail(node, path,
                Quote(name) + " is not a value of integer issue " + Quote(issue.name) +
                    " (expected a whole number from " + std::to_string(issue.int_min) + " to " +
                    std::to_string(issue.int_max) + ")");
  if (options_.override_resolution) {
    // The grid is the option's, not the file's: say so, and which resolutions would hold it.
    std::vector<std::string> fit;
    for (uint32_t r = 2; r <= 1000 && fit.size() < 3; ++r)
      if (FindValueByName(Issue::Real(issue.name, issue.real_min, issue.real_max, r), name))
        fit.push_back(std::to_string(r));
    std::string hint = "give a --resolution whose grid holds it";
    if (!fit.empty()) {
      hint += " (";
      for (size_t k = 0; k < fit.size(); ++k)
        hint += (k == 0 ? "" : k + 1 == fit.size() ? " or " : ", ") + fit[k];
      hint += fit.size() == 1 ? " does)" : " do)";
    }
    return Error::BadInput(std::to_string(issue.resolution) + " puts real issue " +
                               Quote(issue.name) + " on " + std::to_string(issue.resolution) +
                               " evenly spaced points from " +
                               native_internal::FormatDouble(issue.real_min) + " to " +
                               native_internal::FormatDouble(issue.real_max) + ", and " + file_ +
                               ":" + std::to_string(LineOf(node)) + " (" + path + ") names " +
                               Quote(name) + ", which is not one of them; " + hint,
                           {}, 0, "--resolution");
  }
  return Fail(node, path,
              Quote(name) + " is not on the grid of real issue " + Quote(issue.name) +
                  " (expected one of its " + std::to_string(issue.resolution) +
                  " evenly spaced points from " + native_internal::FormatDouble(issue.real_min) +
                  " to " + native_internal::FormatDouble(issue.real_max) + ")");
}

Result<Issue> Reader::ReadIssue(const YAML::Node& node, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(MapView map,
                          Map(node, path, {"name", "type", "values", "min", "max", "resolution"}));
  const Entry* name = map.Find("name");
  if (!name) return Missing(map, path, "name", "the issue's name");
  PARLEY_ASSIGN_OR_RETURN(std::string issue_name, Name(name->value, path + ".name"));

  std::string type;
  if (const Entry* t = map.Find("type")) {
    PARLEY_ASSIGN_OR_RETURN(type, String(t->value, path + ".type"));
    if (type != "discrete" && type != "integer" && type != "real")
      return Fail(t->value, path + ".type",
                  "unknown issue type " + Quote(type) + " (expected discrete, integer or real)");
  } else if (map.Find("values")) {
    type = "discrete";
  } else {
    return Missing(map, path, "type",
                   "discrete (with 'values'), integer or real (with 'min' and 'max')");
  }

  auto reject = [&](std::string_view key, std::string_view why) -> Status {
    if (const Entry* e = map.Find(key))
      return Fail(
          e->key_node, path + "." + std::string(key),
          Quote(key) + " does not apply to a " + type + " issue (" + std::string(why) + ")");
    return {};
  };

  if (type == "discrete") {
    PARLEY_RETURN_IF_ERROR(reject("min", "discrete issues list their 'values'"));
    PARLEY_RETURN_IF_ERROR(reject("max", "discrete issues list their 'values'"));
    PARLEY_RETURN_IF_ERROR(reject("resolution", "only real issues have a grid"));
    const Entry* values = map.Find("values");
    if (!values) return Missing(map, path, "values", "the list of the issue's named values");
    PARLEY_ASSIGN_OR_RETURN(auto items, List(values->value, path + ".values"));
    if (items.empty())
      return Fail(values->value, path + ".values", "an issue needs at least one value");
    if (items.size() > kNativeMaxIssueValues)
      return Fail(values->value, path + ".values",
                  "more than " + std::to_string(kNativeMaxIssueValues) + " values");
    std::vector<std::string> names;
    std::unordered_set<std::string> seen;
    for (size_t v = 0; v < items.size(); ++v) {
      const std::string here = path + ".values[" + std::to_string(v) + "]";
      PARLEY_ASSIGN_OR_RETURN(std::string value, String(items[v], here));
      if (!seen.insert(value).second)
        return Fail(items[v], here,
                    "duplicate value " + Quote(value) + " in issue " + Quote(issue_name));
      names.push_back(std::move(value));
    }
    return Issue::Discrete(std::move(issue_name), std::move(names));
  }

  PARLEY_RETURN_IF_ERROR(reject("values", "numeric issues give 'min' and 'max'"));
  const Entry* lo = map.Find("min");
  if (!lo) return Missing(map, path, "min", "the lowest value of the range");
  const Entry* hi = map.Find("max");
  if (!hi) return Missing(map, path, "max", "the highest value of the range");

  if (type == "integer") {
    PARLEY_RETURN_IF_ERROR(reject("resolution", "only real issues have a grid"));
    PARLEY_ASSIGN_OR_RETURN(int64_t min, Integer(lo->value, path + ".min"));
    PARLEY_ASSIGN_OR_RETURN(int64_t max, Integer(hi->value, path + ".max"));
    if (min > max)
      return Fail(hi->value, path + ".max",
                  "max (" + std::to_string(max) + ") is below min (" + std::to_string(min) + ")");
    const uint64_t count = static_cast<uint64_t>(max) - static_cast<uint64_t>(min);
    if (count >= kNativeMaxIssueValues)
      return Fail(hi->value, path + ".max",
                  "the range has more than " + std::to_string(kNativeMaxIssueValues) +
                      " values; use a real issue with a resolution for wide ranges");
    return Issue::Integer(std::move(issue_name), min, max);
  }

  PARLEY_ASSIGN_OR_RETURN(double min, Number(lo->value, path + ".min"));
  PARLEY_ASSIGN_OR_RETURN(double max, Number(hi->value, path + ".max"));
  if (!(min < max))
    return Fail(hi->value, path + ".max",
                "max must be greater than min for a real issue (found min " +
                    native_internal::FormatDouble(min) + ", max " +
                    native_internal::FormatDouble(max) + ")");
  if (!std::isfinite(max - min))
    return Fail(hi->value, path + ".max", "the range max - min is too wide to represent");
  uint32_t resolution = options_.real_resolution;
  if (const Entry* r = map.Find("resolution")) {
    PARLEY_ASSIGN_OR_RETURN(int64_t res, Integer(r->value, path + ".resolution"));
    if (res < 2 || static_cast<uint64_t>(res) > kNativeMaxIssueValues)
      return Fail(r->value, path + ".resolution",
                  "expected the number of grid points, from 2 to " +
                      std::to_string(kNativeMaxIssueValues) + ", found " + std::to_string(res));
    if (!options_.override_resolution) resolution = static_cast<uint32_t>(res);
  } else if (resolution < 2 || resolution > kNativeMaxIssueValues) {
    return Fail(node, path,
                "the issue states no resolution and the requested one (" +
                    std::to_string(resolution) + ") is not from 2 to " +
                    std::to_string(kNativeMaxIssueValues));
  }
  Issue issue = Issue::Real(std::move(issue_name), min, max, resolution);
  // Grid points must be distinct numbers, or values could not be told apart by name.
  for (uint32_t v = 0; v + 1 < resolution; ++v) {
    if (issue.NumericValue(v) < issue.NumericValue(v + 1)) continue;
    // The grid the user asked for on the command line is the option's fault, not the file's.
    if (options_.override_resolution)
      return Error::BadInput(std::to_string(resolution) + " does not fit real issue '" +
                                 issue.name + "' (range " + native_internal::FormatDouble(min) +
                                 " to " + native_internal::FormatDouble(max) + " in " + file_ +
                                 "): the range is too narrow for that many distinct grid "
                                 "points; give a lower --resolution",
                             {}, 0, "--resolution");
    return Fail(node, path,
                "the range is too narrow for " + std::to_string(resolution) +
                    " distinct grid points; lower the resolution");
  }
  return issue;
}

/// Checks one value utility: finite; in [0, 1] (clamped within kUnitSlack), or >= 0 when the
/// profile is normalised afterwards.
Status Reader::CheckUtility(double& u, size_t issue_at, ValueIndex v, const YAML::Node& node,
                            const std::string& path, bool normalize) const {
  auto what = [&] {
    return "utility of " + Quote(issues_[issue_at].ValueName(v)) + " is " +
           native_internal::FormatDouble(u);
  };
  if (!std::isfinite(u)) return Fail(node, path, what() + "; expected a finite number");
  if (normalize) {
    if (u < 0) return Fail(node, path, what() + "; raw evaluations must be >= 0");
    return {};
  }
  if (u < -kUnitSlack || u > 1 + kUnitSlack)
    return Fail(node, path,
                what() +
                    ", expected a number in [0, 1] (or set 'normalize: true' to divide each "
                    "issue's evaluations by their maximum)");
  u = std::clamp(u, 0.0, 1.0);
  return {};
}

Result<std::vector<double>> Reader::ReadValueMap(size_t issue_at, const YAML::Node& node,
                                                 const std::string& path, bool normalize) {
  const Issue& issue = issues_[issue_at];
  PARLEY_ASSIGN_OR_RETURN(MapView map, Map(node, path, {}, /*any_keys=*/true));
  const uint64_t n = issue.Cardinality();
  std::vector<double> table(n, 0.0);
  std::vector<bool> given(n, false);
  for (const auto& e : map.entries) {
    const std::string here = path + "." + e.key;
    PARLEY_ASSIGN_OR_RETURN(ValueIndex v, ValueRef(issue_at, e.key_node, here));
    if (given[v])
      return Fail(
          e.key_node, here,
          "value " + Quote(issue.ValueName(v)) + " is given twice (as " + Quote(e.key) + ")");
    given[v] = true;
    PARLEY_ASSIGN_OR_RETURN(table[v], Number(e.value, here));
    PARLEY_RETURN_IF_ERROR(CheckUtility(table[v], issue_at, v, e.value, here, normalize));
  }
  for (uint64_t v = 0; v < n; ++v)
    if (!given[v]) {
      std::vector<std::string> missing;
      for (uint64_t w = v; w < n && missing.size() < 8; ++w)
        if (!given[w]) missing.push_back(issue.ValueName(static_cast<ValueIndex>(w)));
      return Fail(node, path,
                  "every value of issue " + Quote(issue.name) +
                      " needs a utility; missing: " + Join(missing, 8) +
                      (issue.kind == IssueKind::kDiscrete
                           ? ""
                           : " (or give a form: linear, constant or triangular)"));
    }
  return table;
}

Result<ValueFunction> Reader::ReadValueFunction(size_t issue_at, const YAML::Node& node,
                                                const std::string& path, bool normalize) {
  const Issue& issue = issues_[issue_at];
  ValueFunction f;
  bool numeric_form = false;
  if (issue.kind != IssueKind::kDiscrete && node.IsMap() && node.size() > 0) {
    const std::string first = node.begin()->first.IsScalar() ? node.begin()->first.Scalar() : "";
    numeric_form =
        first == "linear" || first == "constant" || first == "triangular" || first == "table";
  }
  if (!numeric_form) {
    PARLEY_ASSIGN_OR_RETURN(f.table, ReadValueMap(issue_at, node, path, normalize));
  } else {
    PARLEY_ASSIGN_OR_RETURN(MapView map,
                            Map(node, path, {"linear", "constant", "triangular", "table"}));
    const Entry* form = nullptr;
    for (const auto& e : map.entries) {
      if (e.key == "table") continue;
      if (form)
        return Fail(e.key_node, path + "." + e.key,
                    "give one form (linear, constant or triangular), found " + Quote(form->key) +
                        " and " + Quote(e.key));
      form = &e;
    }
    if (form) {
      const std::string here = path + "." + form->key;
      if (form->key == "linear") {
        PARLEY_ASSIGN_OR_RETURN(MapView m, Map(form->value, here, {"slope", "offset"}));
        const Entry* slope = m.Find("slope");
        if (!slope) return Missing(m, here, "slope", "a number (utility per unit)");
        const Entry* offset = m.Find("offset");
        if (!offset) return Missing(m, here, "offset", "a number (utility at 0)");
        f.form = ValueFunction::Form::kLinear;
        PARLEY_ASSIGN_OR_RETURN(f.a, Number(slope->value, here + ".slope"));
        PARLEY_ASSIGN_OR_RETURN(f.b, Number(offset->value, here + ".offset"));
      } else if (form->key == "constant") {
        PARLEY_ASSIGN_OR_RETURN(MapView m, Map(form->value, here, {"value"}));
        const Entry* value = m.Find("value");
        if (!value) return Missing(m, here, "value", "a number");
        f.form = ValueFunction::Form::kConstant;
        PARLEY_ASSIGN_OR_RETURN(f.a, Number(value->value, here + ".value"));
      } else {
        PARLEY_ASSIGN_OR_RETURN(MapView m, Map(form->value, here, {"lower", "upper", "top"}));
        for (std::string_view key : {"lower", "upper", "top"})
          if (!m.Find(key)) return Missing(m, here, key, "a number");
        f.form = ValueFunction::Form::kTriangular;
        PARLEY_ASSIGN_OR_RETURN(f.a, Number(m.Find("lower")->value, here + ".lower"));
        PARLEY_ASSIGN_OR_RETURN(f.b, Number(m.Find("upper")->value, here + ".upper"));
        PARLEY_ASSIGN_OR_RETURN(f.c, Number(m.Find("top")->value, here + ".top"));
        if (!(f.a <= f.c && f.c <= f.b))
          return Fail(form->value, here, "expected lower <= top <= upper");
      }
    }
    if (const Entry* table = map.Find("table")) {
      PARLEY_ASSIGN_OR_RETURN(f.table,
                              ReadValueMap(issue_at, table->value, path + ".table", normalize));
    } else {
      f.table = FormValues(f, issue);
      for (uint64_t v = 0; v < f.table.size(); ++v)
        PARLEY_RETURN_IF_ERROR(
            CheckUtility(f.table[v], issue_at, static_cast<ValueIndex>(v), node, path, normalize));
    }
  }
  return f;
}

Result<AdditiveUtility> Reader::ReadAdditive(const MapView& profile, const std::string& path) {
  bool normalize = false;
  if (const Entry* n = profile.Find("normalize")) {
    PARLEY_ASSIGN_OR_RETURN(normalize, Bool(n->value, path + ".normalize"));
  }
  bool capped = false;
  if (const Entry* c = profile.Find("capped")) {
    PARLEY_ASSIGN_OR_RETURN(capped, Bool(c->value, path + ".capped"));
  }
  const size_t num_issues = issues_.size();
  const Entry* weights_entry = profile.Find("weights");
  if (!weights_entry) return Missing(profile, path, "weights", "a weight for every issue");
  const std::string wpath = path + ".weights";
  PARLEY_ASSIGN_OR_RETURN(MapView weights, Map(weights_entry->value, wpath, {}, true));
  std::vector<double> w(num_issues, 0.0);
  std::vector<bool> have_weight(num_issues, false);
  for (const auto& e : weights.entries) {
    const std::string here = wpath + "." + e.key;
    PARLEY_ASSIGN_OR_RETURN(size_t i, IssueRef(e.key_node, here));
    PARLEY_ASSIGN_OR_RETURN(w[i], Number(e.value, here));
    if (w[i] < 0)
      return Fail(e.value, here,
                  "weight must be >= 0, found " + native_internal::FormatDouble(w[i]));
    have_weight[i] = true;
  }
  for (size_t i = 0; i < num_issues; ++i)
    if (!have_weight[i])
      return Fail(weights.node, wpath + "." + issues_[i].name,
                  "missing the weight of issue " + Quote(issues_[i].name) +
                      " (every issue needs one; write 0 for an issue the party ignores)");
  double sum = 0;
  for (double x : w) sum += x;
  if (normalize) {
    if (!(sum > 0)) return Fail(weights.node, wpath, "weights sum to 0; cannot normalize");
  } else if (!capped && std::abs(sum - 1) > 1e-6 && sum != 0) {
    return Fail(weights.node, wpath,
                "weights sum to " + native_internal::FormatDouble(sum) +
                    ", expected 1 (or set 'normalize: true' to divide them by their sum, or "
                    "'capped: true' for GENIUS's rule)");
  }

  std::vector<ValueFunction> functions(num_issues);
  std::vector<bool> have_values(num_issues, false);
  const std::string vpath = path + ".values";
  if (const Entry* values_entry = profile.Find("values")) {
    PARLEY_ASSIGN_OR_RETURN(MapView values, Map(values_entry->value, vpath, {}, true));
    for (const auto& e : values.entries) {
      const std::string here = vpath + "." + e.key;
      PARLEY_ASSIGN_OR_RETURN(size_t i, IssueRef(e.key_node, here));
      PARLEY_ASSIGN_OR_RETURN(functions[i], ReadValueFunction(i, e.value, here, normalize));
      have_values[i] = true;
    }
  }
  for (size_t i = 0; i < num_issues; ++i) {
    if (have_values[i]) continue;
    if (w[i] != 0) {
      const YAML::Node& at = profile.Find("values") ? profile.Find("values")->value : profile.node;
      return Fail(at, vpath + "." + issues_[i].name,
                  "missing the value utilities of issue " + Quote(issues_[i].name) +
                      " (only an issue of weight 0 may omit them)");
    }
    functions[i].table.assign(issues_[i].Cardinality(), 0.0);
  }

  if (!normalize) {
    AdditiveUtility out;
    out.weights = std::move(w);
    out.issues = std::move(functions);
    out.capped = capped;
    return out;
  }
  std::vector<std::vector<double>> evaluations;
  for (const auto& f : functions) evaluations.push_back(f.table);
  auto normalized = NormalizeAdditive(std::move(w), std::move(evaluations));
  if (!normalized) return Fail(profile.node, path, normalized.error().message);
  for (size_t i = 0; i < num_issues; ++i) {
    functions[i].table = std::move(normalized->issues[i].table);
  }
  normalized->issues = std::move(functions);
  normalized->capped = capped;
  return std::move(normalized).value();
}

Result<RectangleBound> Reader::ReadBound(const YAML::Node& node, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(MapView map, Map(node, path, {"issue", "value", "min", "max"}));
  const Entry* issue = map.Find("issue");
  if (!issue) return Missing(map, path, "issue", "the name of the bounded issue");
  RectangleBound bound;
  PARLEY_ASSIGN_OR_RETURN(bound.issue, IssueRef(issue->value, path + ".issue"));
  const Entry* value = map.Find("value");
  const Entry* min = map.Find("min");
  const Entry* max = map.Find("max");
  if (value) {
    if (min || max)
      return Fail((min ? min : max)->key_node, path,
                  "give either 'value' or 'min' and 'max', not both");
    PARLEY_ASSIGN_OR_RETURN(bound.min, ValueRef(bound.issue, value->value, path + ".value"));
    bound.max = bound.min;
    return bound;
  }
  if (!min) return Missing(map, path, "min", "the lowest value of the bound (or 'value')");
  if (!max) return Missing(map, path, "max", "the highest value of the bound");
  PARLEY_ASSIGN_OR_RETURN(bound.min, ValueRef(bound.issue, min->value, path + ".min"));
  PARLEY_ASSIGN_OR_RETURN(bound.max, ValueRef(bound.issue, max->value, path + ".max"));
  if (bound.min > bound.max)
    return Fail(max->value, path + ".max",
                "max comes before min in the order of the issue's values");
  return bound;
}

Result<RectangleNode> Reader::ReadNode(const YAML::Node& node, const std::string& path, int depth) {
  if (depth > kNativeMaxNodeDepth)
    return Fail(node, path,
                "nodes nested deeper than " + std::to_string(kNativeMaxNodeDepth) + " levels");
  PARLEY_ASSIGN_OR_RETURN(MapView map,
                          Map(node, path, {"aggregation", "weight", "rectangles", "children"}));
  RectangleNode out;
  if (const Entry* a = map.Find("aggregation")) {
    PARLEY_ASSIGN_OR_RETURN(std::string agg, String(a->value, path + ".aggregation"));
    if (agg == "sum") {
      out.aggregation = RectangleNode::Aggregation::kSum;
    } else if (agg == "min") {
      out.aggregation = RectangleNode::Aggregation::kMin;
    } else if (agg == "max") {
      out.aggregation = RectangleNode::Aggregation::kMax;
    } else {
      return Fail(a->value, path + ".aggregation",
                  "unknown aggregation " + Quote(agg) + " (expected sum, min or max)");
    }
  }
  if (const Entry* w = map.Find("weight")) {
    PARLEY_ASSIGN_OR_RETURN(out.weight, Number(w->value, path + ".weight"));
  }
  if (const Entry* rects = map.Find("rectangles")) {
    PARLEY_ASSIGN_OR_RETURN(auto items, List(rects->value, path + ".rectangles"));
    for (size_t r = 0; r < items.size(); ++r) {
      const std::string here = path + ".rectangles[" + std::to_string(r) + "]";
      PARLEY_ASSIGN_OR_RETURN(MapView rmap,
                              Map(items[r], here, {"utility", "includes", "excludes"}));
      HyperRectangle rect;
      const Entry* u = rmap.Find("utility");
      if (!u) return Missing(rmap, here, "utility", "the utility the rectangle contributes");
      PARLEY_ASSIGN_OR_RETURN(rect.utility, Number(u->value, here + ".utility"));
      for (std::string_view key : {"includes", "excludes"}) {
        const Entry* e = rmap.Find(key);
        if (!e) continue;
        const std::string bpath = here + "." + std::string(key);
        PARLEY_ASSIGN_OR_RETURN(auto bounds, List(e->value, bpath));
        auto& dest = key == "includes" ? rect.includes : rect.excludes;
        for (size_t b = 0; b < bounds.size(); ++b) {
          PARLEY_ASSIGN_OR_RETURN(RectangleBound bound,
                                  ReadBound(bounds[b], bpath + "[" + std::to_string(b) + "]"));
          dest.push_back(bound);
        }
      }
      out.rectangles.push_back(std::move(rect));
    }
  }
  if (const Entry* children = map.Find("children")) {
    PARLEY_ASSIGN_OR_RETURN(auto items, List(children->value, path + ".children"));
    for (size_t c = 0; c < items.size(); ++c) {
      PARLEY_ASSIGN_OR_RETURN(
          RectangleNode child,
          ReadNode(items[c], path + ".children[" + std::to_string(c) + "]", depth + 1));
      out.children.push_back(std::move(child));
    }
  }
  return out;
}

Result<HyperRectangleUtility> Reader::ReadRectangles(const MapView& profile,
                                                     const std::string& path) {
  HyperRectangleUtility out;
  if (const Entry* m = profile.Find("max_utility")) {
    PARLEY_ASSIGN_OR_RETURN(out.max_utility, Number(m->value, path + ".max_utility"));
    if (!(out.max_utility > 0))
      return Fail(m->value, path + ".max_utility", "expected a number > 0");
  }
  const Entry* nodes = profile.Find("nodes");
  if (!nodes) return Missing(profile, path, "nodes", "the list of utility nodes");
  PARLEY_ASSIGN_OR_RETURN(auto items, List(nodes->value, path + ".nodes"));
  for (size_t n = 0; n < items.size(); ++n) {
    PARLEY_ASSIGN_OR_RETURN(RectangleNode node,
                            ReadNode(items[n], path + ".nodes[" + std::to_string(n) + "]", 1));
    out.nodes.push_back(std::move(node));
  }
  return out;
}

Result<Clause> Reader::ReadClause(const Entry& entry, const std::string& path) {
  const std::string here = path + "." + entry.key;
  Clause clause;
  PARLEY_ASSIGN_OR_RETURN(clause.issue, IssueRef(entry.key_node, here));
  if (entry.value.IsSequence()) {
    PARLEY_ASSIGN_OR_RETURN(auto items, List(entry.value, here));
    for (size_t v = 0; v < items.size(); ++v) {
      PARLEY_ASSIGN_OR_RETURN(
          ValueIndex value, ValueRef(clause.issue, items[v], here + "[" + std::to_string(v) + "]"));
      clause.allowed.push_back(value);
    }
  } else {
    PARLEY_ASSIGN_OR_RETURN(ValueIndex value, ValueRef(clause.issue, entry.value, here));
    clause.allowed.push_back(value);
  }
  return clause;
}

Result<std::vector<Clause>> Reader::ReadClauses(const YAML::Node& node, const std::string& path) {
  std::vector<Clause> out;
  // A mapping {issue: [values], ...} reads best; a list of one-key mappings allows the same
  // issue twice.
  std::vector<std::pair<YAML::Node, std::string>> maps;
  if (node.IsSequence()) {
    PARLEY_ASSIGN_OR_RETURN(auto items, List(node, path));
    for (size_t i = 0; i < items.size(); ++i)
      maps.emplace_back(items[i], path + "[" + std::to_string(i) + "]");
  } else {
    maps.emplace_back(node, path);
  }
  for (const auto& [m, mpath] : maps) {
    PARLEY_ASSIGN_OR_RETURN(MapView map, Map(m, mpath, {}, true));
    for (const auto& e : map.entries) {
      PARLEY_ASSIGN_OR_RETURN(Clause clause, ReadClause(e, mpath));
      out.push_back(std::move(clause));
    }
  }
  return out;
}

Result<Constraint> Reader::ReadConstraint(const YAML::Node& node, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(MapView map, Map(node, path, {"description", "when", "then"}));
  Constraint out;
  if (const Entry* d = map.Find("description")) {
    PARLEY_ASSIGN_OR_RETURN(out.description, String(d->value, path + ".description"));
  }
  if (const Entry* w = map.Find("when")) {
    PARLEY_ASSIGN_OR_RETURN(out.when, ReadClauses(w->value, path + ".when"));
  }
  const Entry* then = map.Find("then");
  if (!then) return Missing(map, path, "then", "{issue: [allowed values]}, what must hold");
  PARLEY_ASSIGN_OR_RETURN(MapView t, Map(then->value, path + ".then", {}, true));
  if (t.entries.size() != 1)
    return Fail(then->value, path + ".then",
                "expected exactly one issue, {issue: [allowed values]}, found " +
                    std::to_string(t.entries.size()));
  PARLEY_ASSIGN_OR_RETURN(out.then, ReadClause(t.entries[0], path + ".then"));
  return out;
}

Result<Party> Reader::ReadParty(const YAML::Node& node, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(MapView map, Map(node, path, {"name", "profile"}));
  const Entry* name = map.Find("name");
  if (!name) return Missing(map, path, "name", "the party's name");
  Party party;
  PARLEY_ASSIGN_OR_RETURN(party.name, Name(name->value, path + ".name"));
  const Entry* profile_entry = map.Find("profile");
  if (!profile_entry) return Missing(map, path, "profile", "the party's preferences");
  const std::string ppath = path + ".profile";
  std::string type = "additive";
  if (profile_entry->value.IsMap())
    for (auto it = profile_entry->value.begin(); it != profile_entry->value.end(); ++it)
      if (it->first.IsScalar() && it->first.Scalar() == "type") {
        PARLEY_ASSIGN_OR_RETURN(type, String(it->second, ppath + ".type"));
        if (type != "additive" && type != "hyper-rectangles")
          return Fail(
              it->second, ppath + ".type",
              "unknown profile type " + Quote(type) + " (expected additive or hyper-rectangles)");
      }
  PARLEY_ASSIGN_OR_RETURN(MapView profile,
                          type == "additive"
                              ? Map(profile_entry->value, ppath,
                                    {"name", "type", "reservation_value", "discount_factor",
                                     "constraints", "normalize", "capped", "weights", "values"})
                              : Map(profile_entry->value, ppath,
                                    {"name", "type", "reservation_value", "discount_factor",
                                     "constraints", "max_utility", "nodes"}));
  Profile& p = party.profile;
  p.name = party.name;
  if (const Entry* n = profile.Find("name")) {
    PARLEY_ASSIGN_OR_RETURN(p.name, String(n->value, ppath + ".name"));
  }
  if (const Entry* r = profile.Find("reservation_value")) {
    PARLEY_ASSIGN_OR_RETURN(p.reservation_value, Number(r->value, ppath + ".reservation_value"));
    if (!(p.reservation_value >= 0 && p.reservation_value <= 1))
      return Fail(r->value, ppath + ".reservation_value",
                  "expected a number in [0, 1] (a utility), found " +
                      native_internal::FormatDouble(p.reservation_value));
  }
  if (const Entry* d = profile.Find("discount_factor")) {
    PARLEY_ASSIGN_OR_RETURN(p.discount_factor, Number(d->value, ppath + ".discount_factor"));
    if (!(p.discount_factor > 0 && p.discount_factor <= 1))
      return Fail(d->value, ppath + ".discount_factor",
                  "expected a number in (0, 1] (1: no discounting)");
  }
  if (type == "additive") {
    PARLEY_ASSIGN_OR_RETURN(p.utility, ReadAdditive(profile, ppath));
  } else {
    PARLEY_ASSIGN_OR_RETURN(p.utility, ReadRectangles(profile, ppath));
  }
  if (const Entry* c = profile.Find("constraints")) {
    PARLEY_ASSIGN_OR_RETURN(auto items, List(c->value, ppath + ".constraints"));
    for (size_t k = 0; k < items.size(); ++k) {
      PARLEY_ASSIGN_OR_RETURN(
          Constraint constraint,
          ReadConstraint(items[k], ppath + ".constraints[" + std::to_string(k) + "]"));
      p.constraints.push_back(std::move(constraint));
    }
  }
  return party;
}

Result<Rules> Reader::ReadRules(const YAML::Node& node, const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(MapView map,
                          Map(node, path, {"tracks", "ratifiers", "single_undertaking"}));
  Rules rules;
  if (const Entry* su = map.Find("single_undertaking")) {
    PARLEY_ASSIGN_OR_RETURN(rules.single_undertaking,
                            Bool(su->value, path + ".single_undertaking"));
  }
  if (const Entry* r = map.Find("ratifiers")) {
    PARLEY_ASSIGN_OR_RETURN(auto items, List(r->value, path + ".ratifiers"));
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string here = path + ".ratifiers[" + std::to_string(i) + "]";
      PARLEY_ASSIGN_OR_RETURN(size_t p, PartyRef(items[i], here));
      if (std::find(rules.ratifiers.begin(), rules.ratifiers.end(), p) != rules.ratifiers.end())
        return Fail(items[i], here, "party " + Quote(items[i].Scalar()) + " is listed twice");
      rules.ratifiers.push_back(p);
    }
  }
  const Entry* tracks_entry = map.Find("tracks");
  if (!tracks_entry) return rules;
  const std::string tpath = path + ".tracks";
  PARLEY_ASSIGN_OR_RETURN(auto items, List(tracks_entry->value, tpath));
  NameIndex track_index;
  std::vector<MapView> views;
  // First pass: names, so that opens_after may refer to a later track.
  for (size_t t = 0; t < items.size(); ++t) {
    const std::string here = tpath + "[" + std::to_string(t) + "]";
    PARLEY_ASSIGN_OR_RETURN(MapView tmap,
                            Map(items[t], here, {"name", "issues", "parties", "opens_after"}));
    const Entry* name = tmap.Find("name");
    if (!name) return Missing(tmap, here, "name", "the track's name");
    Track track;
    PARLEY_ASSIGN_OR_RETURN(track.name, Name(name->value, here + ".name"));
    if (!track_index.emplace(track.name, t).second)
      return Fail(name->value, here + ".name", "duplicate track name " + Quote(track.name));
    rules.tracks.push_back(std::move(track));
    views.push_back(std::move(tmap));
  }
  std::vector<int> track_of_issue(issues_.size(), -1);
  for (size_t t = 0; t < items.size(); ++t) {
    const std::string here = tpath + "[" + std::to_string(t) + "]";
    const MapView& tmap = views[t];
    Track& track = rules.tracks[t];
    const Entry* issues = tmap.Find("issues");
    if (!issues) return Missing(tmap, here, "issues", "the names of the track's issues");
    PARLEY_ASSIGN_OR_RETURN(auto issue_items, List(issues->value, here + ".issues"));
    if (issue_items.empty())
      return Fail(issues->value, here + ".issues", "a track needs at least one issue");
    for (size_t k = 0; k < issue_items.size(); ++k) {
      const std::string ipath = here + ".issues[" + std::to_string(k) + "]";
      PARLEY_ASSIGN_OR_RETURN(size_t i, IssueRef(issue_items[k], ipath));
      if (track_of_issue[i] >= 0)
        return Fail(issue_items[k], ipath,
                    "issue " + Quote(issues_[i].name) + " is already in track " +
                        Quote(rules.tracks[track_of_issue[i]].name) +
                        " (each issue belongs to one track)");
      track_of_issue[i] = static_cast<int>(t);
      track.issues.push_back(i);
    }
    const Entry* parties = tmap.Find("parties");
    if (!parties) return Missing(tmap, here, "parties", "the names of the parties negotiating it");
    PARLEY_ASSIGN_OR_RETURN(auto party_items, List(parties->value, here + ".parties"));
    if (party_items.empty())
      return Fail(parties->value, here + ".parties", "a track needs at least one party");
    for (size_t k = 0; k < party_items.size(); ++k) {
      const std::string ppath = here + ".parties[" + std::to_string(k) + "]";
      PARLEY_ASSIGN_OR_RETURN(size_t p, PartyRef(party_items[k], ppath));
      if (std::find(track.parties.begin(), track.parties.end(), p) != track.parties.end())
        return Fail(party_items[k], ppath,
                    "party " + Quote(party_items[k].Scalar()) + " is listed twice");
      track.parties.push_back(p);
    }
    if (const Entry* after = tmap.Find("opens_after")) {
      PARLEY_ASSIGN_OR_RETURN(std::string other, Name(after->value, here + ".opens_after"));
      auto it = track_index.find(other);
      if (it == track_index.end()) {
        std::vector<std::string> names;
        for (const auto& tr : rules.tracks) names.push_back(tr.name);
        return Fail(after->value, here + ".opens_after",
                    "unknown track " + Quote(other) + " (tracks: " + Join(names) + ")" +
                        DidYouMean(other, names));
      }
      track.opens_after = it->second;
    }
  }
  for (size_t i = 0; i < issues_.size(); ++i)
    if (track_of_issue[i] < 0)
      return Fail(tracks_entry->value, tpath,
                  "issue " + Quote(issues_[i].name) +
                      " is in no track (when tracks are given, every issue belongs to one)");
  // Opening conditions must not form a cycle, or some track could never open.
  for (size_t t = 0; t < rules.tracks.size(); ++t) {
    size_t steps = 0;
    std::optional<size_t> cur = rules.tracks[t].opens_after;
    while (cur) {
      if (*cur == t || ++steps > rules.tracks.size()) {
        const Entry* after = views[t].Find("opens_after");
        return Fail(after->value, tpath + "[" + std::to_string(t) + "].opens_after",
                    "track opening conditions form a cycle through " + Quote(rules.tracks[t].name) +
                        "; some track could never open");
      }
      cur = rules.tracks[*cur].opens_after;
    }
  }
  return rules;
}

Result<Scenario> Reader::Read(const YAML::Node& root) {
  if (!root.IsMap())
    return Fail(
        root, "",
        "expected a scenario: a mapping with 'issues' and 'parties', found " + Describe(root));
  PARLEY_ASSIGN_OR_RETURN(
      MapView top,
      Map(root, "", {"version", "name", "description", "source", "issues", "parties", "rules"}));
  Scenario scenario;
  if (const Entry* v = top.Find("version")) {
    PARLEY_ASSIGN_OR_RETURN(int64_t version, Integer(v->value, "version"));
    if (version != 1)
      return Fail(
          v->value, "version",
          "this parley reads version 1 of the native format, found " + std::to_string(version));
  }
  if (const Entry* n = top.Find("name")) {
    PARLEY_ASSIGN_OR_RETURN(scenario.name, String(n->value, "name"));
  }
  if (const Entry* d = top.Find("description")) {
    PARLEY_ASSIGN_OR_RETURN(scenario.description, String(d->value, "description"));
  }
  scenario.source = file_;
  if (const Entry* s = top.Find("source")) {
    PARLEY_ASSIGN_OR_RETURN(scenario.source, String(s->value, "source"));
  }

  const Entry* issues = top.Find("issues");
  if (!issues) return Missing(top, "", "issues", "the list of issues");
  PARLEY_ASSIGN_OR_RETURN(auto issue_items, List(issues->value, "issues"));
  if (issue_items.empty())
    return Fail(issues->value, "issues", "a scenario needs at least one issue");
  uint64_t total_values = 0;
  for (size_t i = 0; i < issue_items.size(); ++i) {
    const std::string here = "issues[" + std::to_string(i) + "]";
    PARLEY_ASSIGN_OR_RETURN(Issue issue, ReadIssue(issue_items[i], here));
    if (!issue_index_.emplace(issue.name, i).second)
      return Fail(issue_items[i], here + ".name", "duplicate issue name " + Quote(issue.name));
    NameIndex values;
    for (size_t v = 0; v < issue.values.size(); ++v) values.emplace(issue.values[v], v);
    value_index_.push_back(std::move(values));
    total_values += issue.Cardinality();
    issues_.push_back(std::move(issue));
  }

  const Entry* parties = top.Find("parties");
  if (!parties) return Missing(top, "", "parties", "the list of parties (at least two)");
  PARLEY_ASSIGN_OR_RETURN(auto party_items, List(parties->value, "parties"));
  if (party_items.size() < 2)
    return Fail(
        parties->value, "parties",
        "a scenario needs at least two parties, found " + std::to_string(party_items.size()));
  if (total_values > kNativeMaxTableEntries / party_items.size())
    return Fail(parties->value, "parties",
                std::to_string(party_items.size()) + " parties over " +
                    std::to_string(total_values) + " values need more than " +
                    std::to_string(kNativeMaxTableEntries) +
                    " value utilities; narrow the integer ranges or lower the real resolutions");
  // Names first, so that an error in a profile can already be reported with the right path and
  // duplicate names are caught at the second occurrence.
  for (size_t p = 0; p < party_items.size(); ++p) {
    const std::string here = "parties[" + std::to_string(p) + "]";
    PARLEY_ASSIGN_OR_RETURN(Party party, ReadParty(party_items[p], here));
    if (!party_index_.emplace(party.name, p).second)
      return Fail(party_items[p], here + ".name", "duplicate party name " + Quote(party.name));
    scenario.parties.push_back(std::move(party));
  }
  scenario.space = OutcomeSpace(std::move(issues_));
  issues_ = scenario.space.issues();

  if (const Entry* rules = top.Find("rules")) {
    PARLEY_ASSIGN_OR_RETURN(scenario.rules, ReadRules(rules->value, "rules"));
  }

  // Everything above was checked with file and line; this is the safety net that keeps the
  // reader and the model's own validation in agreement.
  std::swap(scenario.source, file_);
  Status valid = ValidateScenario(scenario);
  std::swap(scenario.source, file_);
  if (!valid) return valid.error();
  return scenario;
}

/// Counts the documents in a stream without building them. yaml-cpp's LoadAll can loop forever
/// on some malformed input (each call reporting a new, empty document), so parley asks for at
/// most two documents and then loads only the first.
class DocumentCounter : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (count_++ == 1) second_ = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  int count() const { return count_; }
  const YAML::Mark& second() const { return second_; }

 private:
  int count_ = 0;
  YAML::Mark second_;
};

/// YAML allows no C0 control characters but tab and line breaks, nor DEL. Rejecting them first
/// gives binary files a clear message (and keeps NUL bytes away from yaml-cpp).
Status CheckCharacters(std::string_view text, const std::string& file_name) {
  int line = 1;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') ++line;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      return Error::BadInput(std::string("control character ") + hex +
                                 " in the file; expected YAML text (write control characters "
                                 "as escapes inside double quotes, e.g. \"\\t\")",
                             file_name, line);
    }
  }
  return {};
}

}  // namespace

Result<Scenario> ParseNative(std::string_view text, const std::string& file_name,
                             const LoadOptions& options) {
  PARLEY_RETURN_IF_ERROR(CheckCharacters(text, file_name));
  try {
    const std::string owned(text);
    {
      std::stringstream stream(owned);
      YAML::Parser parser(stream);
      DocumentCounter counter;
      while (counter.count() < 2 && parser.HandleNextDocument(counter)) {
      }
      if (counter.count() > 1)
        return Error::BadInput("expected one YAML document, found more (separated by '---')",
                               file_name, counter.second().line + 1);
    }
    const YAML::Node root = YAML::Load(owned);
    if (root.IsNull())
      return Error::BadInput("the file is empty; expected a scenario with 'issues' and 'parties'",
                             file_name, LineOf(root));
    // Without aliases every element costs at least a byte of text; the budget allows modest
    // aliasing and stops "billion laughs" expansions.
    Reader reader(file_name, options, 2 * text.size() + 1024);
    return reader.Read(root);
  } catch (const YAML::Exception& e) {
    return Error::BadInput("not valid YAML: " + e.msg, file_name,
                           e.mark.line >= 0 ? e.mark.line + 1 : 0);
  } catch (const std::bad_alloc&) {
    return Error::BadInput("the document is too large to load", file_name);
  } catch (const std::exception& e) {
    return Error::Internal(file_name + ": unexpected failure while reading: " + e.what());
  }
}

Result<Scenario> ReadNativeFile(const std::string& path, const LoadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("cannot open scenario file '" + path + "'");
  std::string text;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kNativeMaxFileBytes)
      return Error::BadInput("file is larger than " + std::to_string(kNativeMaxFileBytes >> 20) +
                                 " MiB; not a scenario parley will read",
                             path);
  }
  if (in.bad()) return Error::BadInput("cannot read the file", path);
  return ParseNative(text, path, options);
}

}  // namespace parley
