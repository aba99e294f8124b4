#include "parley/talks/profile_json.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace parley {

namespace {

using nlohmann::json;

Result<Clause> ParseClause(const json& node, const OutcomeSpace& space, const std::string& file,
                           const std::string& field) {
  if (!node.is_object() || !node.contains("issue") || !node["issue"].is_string() ||
      !node.contains("values") || !node["values"].is_array())
    return Error::BadInput("expected {\"issue\": NAME, \"values\": [NAME, ...]}", file, 0, field);
  const std::string name = node["issue"].get<std::string>();
  auto issue = space.FindIssue(name);
  if (!issue) return Error::BadInput("unknown issue '" + name + "'", file, 0, field);
  Clause clause;
  clause.issue = *issue;
  for (const auto& value : node["values"]) {
    if (!value.is_string())
      return Error::BadInput("values are names (strings)", file, 0, field + ".values");
    auto index = space.issue(*issue).Find(value.get<std::string>());
    if (!index)
      return Error::BadInput(
          "unknown value '" + value.get<std::string>() + "' of issue '" + name + "'", file, 0,
          field + ".values");
    clause.allowed.push_back(*index);
  }
  if (clause.allowed.empty())
    return Error::BadInput("a clause needs at least one value", file, 0, field + ".values");
  return clause;
}

nlohmann::ordered_json ClauseToJson(const Clause& clause, const OutcomeSpace& space) {
  nlohmann::ordered_json values = nlohmann::ordered_json::array();
  for (ValueIndex v : clause.allowed) values.push_back(space.issue(clause.issue).ValueName(v));
  nlohmann::ordered_json out;
  out["issue"] = space.issue(clause.issue).name;
  out["values"] = std::move(values);
  return out;
}

Result<double> Number(const json& node, const std::string& file, const std::string& field) {
  if (!node.is_number()) return Error::BadInput("expected a number", file, 0, field);
  const double value = node.get<double>();
  if (!std::isfinite(value)) return Error::BadInput("expected a finite number", file, 0, field);
  return value;
}

}  // namespace

Result<Profile> ProfileFromJson(std::string_view text, const OutcomeSpace& space,
                                std::string_view file_view) {
  const std::string file(file_view);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    return Error::BadInput(std::string("malformed JSON: ") + e.what(), file, 0, "profile");
  }
  if (!root.is_object()) return Error::BadInput("a profile is a JSON object", file, 0, "profile");
  for (const auto& [key, value] : root.items()) {
    (void)value;
    if (key != "weights" && key != "values" && key != "reservation" && key != "constraints")
      return Error::BadInput(
          "unknown key '" + key + "'; expected weights, values, reservation, constraints", file, 0,
          key);
  }
  const size_t n = space.NumIssues();
  std::vector<double> weights(n, 0.0);
  std::vector<std::vector<double>> evaluations(n);
  for (size_t i = 0; i < n; ++i) evaluations[i].assign(space.issue(i).Cardinality(), 0.0);
  if (!root.contains("weights") || !root["weights"].is_object())
    return Error::BadInput("expected \"weights\": {ISSUE: NUMBER, ...}", file, 0, "weights");
  for (const auto& [name, value] : root["weights"].items()) {
    auto issue = space.FindIssue(name);
    if (!issue) return Error::BadInput("unknown issue '" + name + "'", file, 0, "weights");
    PARLEY_ASSIGN_OR_RETURN(weights[*issue], Number(value, file, "weights." + name));
  }
  if (!root.contains("values") || !root["values"].is_object())
    return Error::BadInput("expected \"values\": {ISSUE: {VALUE: NUMBER, ...}, ...}", file, 0,
                           "values");
  for (const auto& [name, table] : root["values"].items()) {
    auto issue = space.FindIssue(name);
    if (!issue) return Error::BadInput("unknown issue '" + name + "'", file, 0, "values");
    if (!table.is_object())
      return Error::BadInput("expected {VALUE: NUMBER, ...}", file, 0, "values." + name);
    for (const auto& [value_name, number] : table.items()) {
      auto index = space.issue(*issue).Find(value_name);
      if (!index)
        return Error::BadInput("unknown value '" + value_name + "' of issue '" + name + "'", file,
                               0, "values." + name);
      PARLEY_ASSIGN_OR_RETURN(evaluations[*issue][*index],
                              Number(number, file, "values." + name + "." + value_name));
    }
  }
  double weight_sum = 0;
  for (double w : weights) weight_sum += w;
  if (!(weight_sum > 0))
    return Error::BadInput("weights must be non-negative and not all zero", file, 0, "weights");
  if (!std::isfinite(weight_sum))
    return Error::BadInput("weights are too large: their sum is not a finite number", file, 0,
                           "weights");
  auto additive = NormalizeAdditive(std::move(weights), std::move(evaluations));
  if (!additive) {
    Error error = additive.error();
    error.file = file;
    return error;
  }
  Profile profile;
  profile.utility = std::move(*additive);
  if (root.contains("reservation")) {
    PARLEY_ASSIGN_OR_RETURN(profile.reservation_value,
                            Number(root["reservation"], file, "reservation"));
    if (profile.reservation_value < 0 || profile.reservation_value > 1)
      return Error::BadInput("reservation must be in [0, 1]", file, 0, "reservation");
  }
  if (root.contains("constraints")) {
    if (!root["constraints"].is_array())
      return Error::BadInput("expected a list", file, 0, "constraints");
    size_t c = 0;
    for (const auto& node : root["constraints"]) {
      const std::string field = "constraints[" + std::to_string(c++) + "]";
      if (!node.is_object() || !node.contains("then"))
        return Error::BadInput("expected {\"description\", \"when\", \"then\"}", file, 0, field);
      Constraint constraint;
      if (node.contains("description")) {
        if (!node["description"].is_string())
          return Error::BadInput("expected a string", file, 0, field + ".description");
        constraint.description = node["description"].get<std::string>();
      }
      if (node.contains("when")) {
        if (!node["when"].is_array())
          return Error::BadInput("expected a list of clauses", file, 0, field + ".when");
        for (const auto& clause : node["when"]) {
          PARLEY_ASSIGN_OR_RETURN(Clause parsed, ParseClause(clause, space, file, field + ".when"));
          constraint.when.push_back(std::move(parsed));
        }
      }
      PARLEY_ASSIGN_OR_RETURN(constraint.then,
                              ParseClause(node["then"], space, file, field + ".then"));
      profile.constraints.push_back(std::move(constraint));
    }
  }
  PARLEY_RETURN_IF_ERROR(ValidateProfile(profile, space, file));
  return profile;
}

Result<std::string> ProfileToJson(const Profile& profile, const OutcomeSpace& space) {
  if (!profile.IsAdditive())
    return Error::Unsupported("only additive profiles can be stored in the ledger");
  const AdditiveUtility& additive = profile.additive();
  if (additive.weights.size() != space.NumIssues())
    return Error::BadInput("profile does not match the issues", "", 0, "profile");
  // ordered_json keeps issues and values in the space's order, so the text is deterministic
  // and readable.
  nlohmann::ordered_json weights = nlohmann::ordered_json::object();
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (size_t i = 0; i < space.NumIssues(); ++i) {
    const Issue& issue = space.issue(i);
    weights[issue.name] = additive.weights[i];
    nlohmann::ordered_json table = nlohmann::ordered_json::object();
    for (ValueIndex v = 0; v < issue.Cardinality(); ++v)
      table[issue.ValueName(v)] = additive.issues[i].table.at(v);
    values[issue.name] = std::move(table);
  }
  nlohmann::ordered_json root;
  root["weights"] = std::move(weights);
  root["values"] = std::move(values);
  root["reservation"] = profile.reservation_value;
  nlohmann::ordered_json constraints = nlohmann::ordered_json::array();
  for (const Constraint& constraint : profile.constraints) {
    nlohmann::ordered_json node;
    node["description"] = constraint.description;
    nlohmann::ordered_json when = nlohmann::ordered_json::array();
    for (const Clause& clause : constraint.when) when.push_back(ClauseToJson(clause, space));
    node["when"] = std::move(when);
    node["then"] = ClauseToJson(constraint.then, space);
    constraints.push_back(std::move(node));
  }
  root["constraints"] = std::move(constraints);
  return root.dump();
}

}  // namespace parley
