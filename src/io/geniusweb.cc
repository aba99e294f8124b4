#include "parley/io/geniusweb.h"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "io_util.h"
#include "json_locator.h"
#include "value_function_util.h"

namespace parley {
namespace {

using io_internal::FormatDouble;
using io_internal::JsonLocator;
using io_internal::JsonPath;
using io_internal::JsonPathName;
using Json = nlohmann::ordered_json;

constexpr char kLinearAdditive[] = "LinearAdditiveUtilitySpace";
/// Limits that keep a hostile file from exhausting memory (see genius.cc).
constexpr uint64_t kMaxIssueValues = 1'000'000;
constexpr uint64_t kMaxTotalValues = 4'000'000;

/// One parsed JSON file with what errors need.
class JsonFile {
 public:
  JsonFile(std::string_view text, const std::string& file)
      : text_(text), file_(file), lines_(text) {}

  Status Parse() {
    // nlohmann has no depth limit; a hostile file must not cost more than its size.
    PARLEY_RETURN_IF_ERROR(io_internal::CheckJsonNesting(text_, file_));
    try {
      json_ = Json::parse(text_.begin(), text_.end());
    } catch (const Json::parse_error& e) {
      const size_t byte = e.byte > 0 ? e.byte - 1 : 0;
      std::string what = e.what();
      // nlohmann's message starts "[json.exception.parse_error.101] parse error at line ..".
      if (auto colon = what.find("parse error"); colon != std::string::npos)
        what = what.substr(colon);
      return Error::BadInput("not valid JSON: " + what, file_, lines_.LineOf(byte), "json");
    } catch (const std::exception& e) {
      return Error::BadInput(std::string("not valid JSON: ") + e.what(), file_, 0, "json");
    }
    locator_.emplace(text_);
    if (const auto& dup = locator_->duplicate())
      return Error::BadInput("duplicate key '" + dup->path.back() + "'", file_, dup->line,
                             JsonPathName(dup->path));
    return {};
  }

  const Json& json() const { return json_; }
  const std::string& file() const { return file_; }
  int Line(const JsonPath& path) const { return locator_ ? locator_->Line(path) : 0; }
  Error Bad(const JsonPath& path, std::string message) const {
    return Error::BadInput(std::move(message), file_, Line(path), JsonPathName(path));
  }

  /// The member `key` of the object `parent` at `path`, which must be of `kind`.
  Result<const Json*> Member(const Json& parent, const JsonPath& path, const std::string& key,
                             Json::value_t kind, const char* expected, bool required = true) const {
    JsonPath child = path;
    child.push_back(key);
    auto it = parent.find(key);
    if (it == parent.end()) {
      if (!required) return static_cast<const Json*>(nullptr);
      return Bad(path, "missing key '" + key + "'");
    }
    const bool ok = kind == Json::value_t::number_float ? it->is_number() : it->type() == kind;
    if (!ok) return Bad(child, std::string("expected ") + expected + ", found " + it->type_name());
    return &*it;
  }

 private:
  std::string_view text_;
  std::string file_;
  io_internal::LineIndex lines_;
  Json json_;
  std::optional<JsonLocator> locator_;
};

Result<Issue> ReadIssue(const JsonFile& f, const JsonPath& path, const std::string& name,
                        const Json& spec, const LoadOptions& options,
                        std::vector<std::string>* notes) {
  if (!spec.is_object())
    return f.Bad(path, std::string("expected an object with \"values\" or \"range\", found ") +
                           spec.type_name());
  if (auto values = spec.find("values"); values != spec.end()) {
    JsonPath vp = path;
    vp.push_back("values");
    if (!values->is_array()) return f.Bad(vp, "expected an array of values");
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (size_t k = 0; k < values->size(); ++k) {
      const Json& v = (*values)[k];
      JsonPath ep = vp;
      ep.push_back(std::to_string(k));
      if (!v.is_string())
        return f.Bad(ep, std::string("expected a string, found ") + v.type_name());
      if (!seen.insert(v.get<std::string>()).second)
        return f.Bad(ep, "duplicate value '" + v.get<std::string>() + "'");
      names.push_back(v.get<std::string>());
    }
    if (names.empty()) return f.Bad(vp, "issue '" + name + "' has no values");
    if (names.size() > kMaxIssueValues)
      return f.Bad(vp, "an issue may have at most " + std::to_string(kMaxIssueValues) + " values");
    return Issue::Discrete(name, std::move(names));
  }
  if (auto range = spec.find("range"); range != spec.end()) {
    JsonPath rp = path;
    rp.push_back("range");
    if (!range->is_object()) return f.Bad(rp, "expected an object {low, high, step}");
    double low = 0, high = 0, step = 0;
    for (auto [key, out] :
         {std::pair<const char*, double*>{"low", &low}, {"high", &high}, {"step", &step}}) {
      PARLEY_ASSIGN_OR_RETURN(const Json* v,
                              f.Member(*range, rp, key, Json::value_t::number_float, "a number"));
      *out = v->get<double>();
      if (!std::isfinite(*out)) {
        JsonPath kp = rp;
        kp.push_back(key);
        return f.Bad(kp, "expected a finite number");
      }
    }
    if (low > high) return f.Bad(rp, "low exceeds high: issue '" + name + "' has no values");
    if (!(step > 0)) return f.Bad(rp, "step must be > 0");
    const double span = (high - low) / step;
    if (!(span < static_cast<double>(kMaxIssueValues)))
      return f.Bad(rp, "a range may have at most " + std::to_string(kMaxIssueValues) + " values");
    // Whole numbers with step 1 are an integer issue; read them as integers, exactly.
    const Json& jl = (*range)["low"];
    const Json& jh = (*range)["high"];
    if (step == 1 && jl.is_number_integer() && jh.is_number_integer() &&
        !(jl.is_number_unsigned() && jl.get<uint64_t>() > INT64_MAX) &&
        !(jh.is_number_unsigned() && jh.get<uint64_t>() > INT64_MAX))
      return Issue::Integer(name, jl.get<int64_t>(), jh.get<int64_t>());
    auto integral = [](double x) { return x == std::floor(x) && std::abs(x) < 9e15; };
    if (integral(low) && integral(high) && step == 1)
      return Issue::Integer(name, static_cast<int64_t>(low), static_cast<int64_t>(high));
    // Values low, low + step, ... up to high: a real grid when (high - low) / step is whole.
    double n = std::round(span);
    if (std::abs(n - span) > 1e-9 * std::max(1.0, span)) {
      n = std::floor(span);
      if (notes)
        notes->push_back(f.file() + ":" + std::to_string(f.Line(rp)) + ": issue '" + name +
                         "': the range's last value is " + FormatDouble(low + n * step) +
                         ", below high " + FormatDouble(high));
      high = low + n * step;
    }
    (void)options;
    if (n == 0) return Issue::Real(name, low, low, 1);
    return Issue::Real(name, low, high, static_cast<uint32_t>(n) + 1);
  }
  return f.Bad(path, "expected \"values\" or \"range\"");
}

Result<GeniusWebDomain> ReadDomain(const JsonFile& f, const Json& d, const JsonPath& path,
                                   const LoadOptions& options, std::vector<std::string>* notes) {
  if (!d.is_object()) return f.Bad(path, "expected a domain object");
  GeniusWebDomain domain;
  PARLEY_ASSIGN_OR_RETURN(const Json* name,
                          f.Member(d, path, "name", Json::value_t::string, "a string", false));
  if (name) domain.name = name->get<std::string>();
  PARLEY_ASSIGN_OR_RETURN(const Json* issues,
                          f.Member(d, path, "issuesValues", Json::value_t::object, "an object"));
  JsonPath ip = path;
  ip.push_back("issuesValues");
  if (issues->empty()) return f.Bad(ip, "the domain has no issues");
  std::vector<Issue> out;
  uint64_t total = 0;
  for (const auto& [issue_name, spec] : issues->items()) {
    JsonPath p = ip;
    p.push_back(issue_name);
    if (issue_name.empty()) return f.Bad(p, "an issue has an empty name");
    PARLEY_ASSIGN_OR_RETURN(Issue issue, ReadIssue(f, p, issue_name, spec, options, notes));
    total += issue.Cardinality();
    if (total > kMaxTotalValues)
      return f.Bad(
          p, "the domain has more than " + std::to_string(kMaxTotalValues) + " values in all");
    out.push_back(std::move(issue));
  }
  domain.space = OutcomeSpace(std::move(out));
  return domain;
}

/// A value in a bid: a string for discrete issues, a number for number issues.
std::optional<ValueIndex> BidValue(const Issue& issue, const Json& v) {
  if (issue.kind == IssueKind::kDiscrete)
    return v.is_string() ? issue.Find(v.get<std::string>()) : std::nullopt;
  if (v.is_number()) return issue.FindNumber(v.get<double>());
  return std::nullopt;
}

Result<GeniusWebProfile> ReadProfile(const JsonFile& f, const LoadOptions& options,
                                     std::vector<std::string>* notes) {
  const Json& root = f.json();
  if (!root.is_object() || root.empty())
    return f.Bad({}, std::string("expected an object {\"") + kLinearAdditive + "\": {...}}");
  const std::string type = root.begin().key();
  if (root.size() != 1 || type != kLinearAdditive)
    return f.Bad({type},
                 "unsupported profile type '" + type + "' (expected " + kLinearAdditive + ")");
  const JsonPath base = {type};
  const Json& space = root.begin().value();
  if (!space.is_object()) return f.Bad(base, "expected an object");

  GeniusWebProfile out;
  PARLEY_ASSIGN_OR_RETURN(const Json* domain_json,
                          f.Member(space, base, "domain", Json::value_t::object, "an object"));
  JsonPath dp = base;
  dp.push_back("domain");
  PARLEY_ASSIGN_OR_RETURN(out.domain, ReadDomain(f, *domain_json, dp, options, notes));
  const OutcomeSpace& domain = out.domain.space;

  PARLEY_ASSIGN_OR_RETURN(const Json* name,
                          f.Member(space, base, "name", Json::value_t::string, "a string", false));
  out.profile.name = name ? name->get<std::string>() : io_internal::FileStem(f.file());

  PARLEY_ASSIGN_OR_RETURN(const Json* utilities, f.Member(space, base, "issueUtilities",
                                                          Json::value_t::object, "an object"));
  PARLEY_ASSIGN_OR_RETURN(const Json* weights, f.Member(space, base, "issueWeights",
                                                        Json::value_t::object, "an object"));
  JsonPath up = base, wp = base;
  up.push_back("issueUtilities");
  wp.push_back("issueWeights");
  for (const auto& [key, value] : utilities->items())
    if (!domain.FindIssue(key))
      return f.Bad(JsonPath{type, "issueUtilities", key}, "the domain has no issue '" + key + "'");
  for (const auto& [key, value] : weights->items())
    if (!domain.FindIssue(key))
      return f.Bad(JsonPath{type, "issueWeights", key}, "the domain has no issue '" + key + "'");

  AdditiveUtility add;
  double sum = 0;
  for (size_t i = 0; i < domain.NumIssues(); ++i) {
    const Issue& issue = domain.issue(i);
    // Weight.
    PARLEY_ASSIGN_OR_RETURN(
        const Json* w, f.Member(*weights, wp, issue.name, Json::value_t::number_float, "a number"));
    JsonPath wi = wp;
    wi.push_back(issue.name);
    const double weight = w->get<double>();
    if (!std::isfinite(weight) || weight < 0)
      return f.Bad(wi, "weight must be a finite number >= 0, found " + w->dump());
    add.weights.push_back(weight);
    sum += weight;
    // Value utilities.
    PARLEY_ASSIGN_OR_RETURN(
        const Json* u, f.Member(*utilities, up, issue.name, Json::value_t::object, "an object"));
    JsonPath ui = up;
    ui.push_back(issue.name);
    ValueFunction fn;
    fn.table.assign(issue.Cardinality(), 0);
    if (auto d = u->find("DiscreteValueSetUtilities"); d != u->end()) {
      JsonPath dp2 = ui;
      dp2.push_back("DiscreteValueSetUtilities");
      if (issue.kind != IssueKind::kDiscrete)
        return f.Bad(dp2, "issue '" + issue.name + "' is a number issue in the domain");
      if (!d->is_object()) return f.Bad(dp2, "expected an object");
      PARLEY_ASSIGN_OR_RETURN(
          const Json* vu, f.Member(*d, dp2, "valueUtilities", Json::value_t::object, "an object"));
      dp2.push_back("valueUtilities");
      std::vector<bool> seen(issue.values.size(), false);
      for (const auto& [value, utility] : vu->items()) {
        JsonPath vp = dp2;
        vp.push_back(value);
        const std::optional<ValueIndex> v = issue.Find(value);
        if (!v)
          return f.Bad(vp, "the domain's issue '" + issue.name + "' has no value '" + value + "'");
        if (!utility.is_number())
          return f.Bad(vp, std::string("expected a number, found ") + utility.type_name());
        const double x = utility.get<double>();
        if (!(x >= 0 && x <= 1))
          return f.Bad(vp, "utility must be a number in [0, 1], found " + utility.dump());
        fn.table[*v] = x;
        seen[*v] = true;
      }
      for (size_t v = 0; v < seen.size(); ++v)
        if (!seen[v] && notes)
          notes->push_back(f.file() + ":" + std::to_string(f.Line(dp2)) + ": issue '" + issue.name +
                           "': value '" + issue.values[v] + "' has no utility; 0 (as GeniusWeb)");
    } else if (auto n = u->find("NumberValueSetUtilities"); n != u->end()) {
      JsonPath np = ui;
      np.push_back("NumberValueSetUtilities");
      if (issue.kind == IssueKind::kDiscrete)
        return f.Bad(np, "issue '" + issue.name + "' is a discrete issue in the domain");
      if (!n->is_object()) return f.Bad(np, "expected an object");
      double lv = 0, lu = 0, hv = 0, hu = 0;
      for (auto [key, out_value] : {std::pair<const char*, double*>{"lowValue", &lv},
                                    {"lowUtility", &lu},
                                    {"highValue", &hv},
                                    {"highUtility", &hu}}) {
        PARLEY_ASSIGN_OR_RETURN(const Json* x,
                                f.Member(*n, np, key, Json::value_t::number_float, "a number"));
        *out_value = x->get<double>();
      }
      if (!(lu >= 0 && lu <= 1))
        return f.Bad(
            JsonPath{type, "issueUtilities", issue.name, "NumberValueSetUtilities", "lowUtility"},
            "lowUtility must be in [0, 1]");
      if (!(hu >= 0 && hu <= 1))
        return f.Bad(
            JsonPath{type, "issueUtilities", issue.name, "NumberValueSetUtilities", "highUtility"},
            "highUtility must be in [0, 1]");
      if (!(hv > lv)) return f.Bad(np, "highValue must be > lowValue");
      // GeniusWeb interpolates between the ends; values outside [lowValue, highValue] get 0.
      for (ValueIndex v = 0; v < issue.Cardinality(); ++v) {
        const double x = issue.NumericValue(v);
        fn.table[v] = (x < lv || x > hv) ? 0 : lu + (hu - lu) * (x - lv) / (hv - lv);
      }
    } else {
      return f.Bad(ui, "expected DiscreteValueSetUtilities or NumberValueSetUtilities");
    }
    add.issues.push_back(std::move(fn));
  }
  if (std::abs(sum - 1) > 1e-6)
    return f.Bad(wp, "weights must sum to 1 (GeniusWeb), they sum to " + FormatDouble(sum));
  out.profile.utility = add;

  if (auto bid = space.find("reservationBid"); bid != space.end() && !bid->is_null()) {
    JsonPath bp = base;
    bp.push_back("reservationBid");
    const Json* values = &*bid;
    if (bid->is_object() && bid->contains("issuevalues")) {
      values = &(*bid)["issuevalues"];
      bp.push_back("issuevalues");
    }
    if (!values->is_object()) return f.Bad(bp, "expected a bid {\"issuevalues\": {...}}");
    Outcome outcome(domain.NumIssues(), 0);
    std::vector<bool> given(domain.NumIssues(), false);
    for (const auto& [key, value] : values->items()) {
      JsonPath vp = bp;
      vp.push_back(key);
      const std::optional<size_t> i = domain.FindIssue(key);
      if (!i) return f.Bad(vp, "the domain has no issue '" + key + "'");
      const std::optional<ValueIndex> v = BidValue(domain.issue(*i), value);
      if (!v) return f.Bad(vp, "issue '" + key + "' has no value " + value.dump());
      outcome[*i] = *v;
      given[*i] = true;
    }
    for (size_t i = 0; i < given.size(); ++i)
      if (!given[i])
        return f.Bad(bp,
                     "the reservation bid gives no value for issue '" + domain.issue(i).name + "'");
    double rv = EvaluateUtility(out.profile, outcome);
    // Utilities are in [0, 1] and weights sum to 1 within 1e-6: only rounding can leave [0, 1].
    if (rv > 1 && rv <= 1 + 1e-6) rv = 1;
    if (!(rv >= 0 && rv <= 1))
      return f.Bad(bp, "the reservation bid's utility is " + FormatDouble(rv) +
                           "; expected a number in [0, 1]");
    out.profile.reservation_value = rv;
    if (notes)
      notes->push_back(f.file() + ": reservation value " +
                       FormatDouble(out.profile.reservation_value) +
                       " = the utility of its reservationBid");
  }
  Status valid = ValidateProfile(out.profile, domain, f.file());
  if (!valid) return valid.error();
  return out;
}

/// Re-expresses `profile` (over `from`) over the same issues in `to`'s order and value order.
Result<Profile> Reorder(const Profile& profile, const OutcomeSpace& from, const OutcomeSpace& to,
                        const std::string& file, const JsonFile& f) {
  const JsonPath dp = {kLinearAdditive, "domain", "issuesValues"};
  auto mismatch = [&](const std::string& what) {
    return f.Bad(dp, what + ": this profile belongs to another domain");
  };
  if (from.NumIssues() != to.NumIssues())
    return mismatch("the profile's domain has " + std::to_string(from.NumIssues()) +
                    " issues, the scenario's " + std::to_string(to.NumIssues()));
  Profile out = profile;
  AdditiveUtility& add = std::get<AdditiveUtility>(out.utility);
  const AdditiveUtility& src = profile.additive();
  for (size_t j = 0; j < to.NumIssues(); ++j) {
    const Issue& target = to.issue(j);
    const std::optional<size_t> i = from.FindIssue(target.name);
    if (!i) return mismatch("no issue '" + target.name + "'");
    const Issue& source = from.issue(*i);
    if (source.kind != target.kind || source.Cardinality() != target.Cardinality() ||
        source.int_min != target.int_min || source.real_min != target.real_min ||
        source.real_max != target.real_max)
      return mismatch("issue '" + target.name + "' differs");
    add.weights[j] = src.weights[*i];
    ValueFunction fn = src.issues[*i];
    if (target.kind == IssueKind::kDiscrete) {
      for (ValueIndex v = 0; v < target.values.size(); ++v) {
        const std::optional<ValueIndex> sv = source.Find(target.values[v]);
        if (!sv)
          return mismatch("issue '" + target.name + "' has no value '" + target.values[v] + "'");
        fn.table[v] = src.issues[*i].table[*sv];
      }
    }
    add.issues[j] = std::move(fn);
  }
  (void)file;
  return out;
}

}  // namespace

GeniusWebFileKind ClassifyGeniusWebText(std::string_view text) {
  if (!io_internal::CheckJsonNesting(text, "")) return GeniusWebFileKind::kNotJson;
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return GeniusWebFileKind::kNotJson;
  if (!j.is_object()) return GeniusWebFileKind::kOther;
  if (j.contains("issuesValues")) return GeniusWebFileKind::kDomain;
  if (j.size() == 1) {
    const std::string& key = j.begin().key();
    if (key.size() > 12 && key.compare(key.size() - 12, 12, "UtilitySpace") == 0)
      return GeniusWebFileKind::kProfile;
  }
  return GeniusWebFileKind::kOther;
}

Result<GeniusWebDomain> ParseGeniusWebDomain(std::string_view text, const std::string& file_name,
                                             const LoadOptions& options) {
  JsonFile f(text, file_name);
  PARLEY_RETURN_IF_ERROR(f.Parse());
  return ReadDomain(f, f.json(), {}, options, nullptr);
}

Result<GeniusWebProfile> ParseGeniusWebProfile(std::string_view text, const std::string& file_name,
                                               const LoadOptions& options,
                                               std::vector<std::string>* notes) {
  JsonFile f(text, file_name);
  PARLEY_RETURN_IF_ERROR(f.Parse());
  return ReadProfile(f, options, notes);
}

Result<Scenario> ReadGeniusWeb(std::span<const std::string> files, const LoadOptions& options,
                               std::vector<std::string>* notes) {
  Scenario scenario;
  std::optional<GeniusWebDomain> domain;
  std::string domain_file;
  struct Loaded {
    std::string file;
    std::string text;
    GeniusWebProfile parsed;
  };
  std::vector<Loaded> profiles;
  for (const std::string& file : files) {
    PARLEY_ASSIGN_OR_RETURN(std::string text, io_internal::ReadTextFile(file));
    JsonFile f(text, file);
    PARLEY_RETURN_IF_ERROR(f.Parse());
    if (f.json().is_object() && f.json().contains("issuesValues")) {
      if (domain)
        return Error::BadInput("more than one domain file (the other is " + domain_file + ")", file,
                               1, "issuesValues");
      PARLEY_ASSIGN_OR_RETURN(GeniusWebDomain d, ReadDomain(f, f.json(), {}, options, notes));
      domain = std::move(d);
      domain_file = file;
      continue;
    }
    PARLEY_ASSIGN_OR_RETURN(GeniusWebProfile p, ReadProfile(f, options, notes));
    profiles.push_back(Loaded{file, std::move(text), std::move(p)});
  }
  if (profiles.empty())
    return Error::BadInput("no GeniusWeb profile among the files", files.empty() ? "" : files[0], 0,
                           kLinearAdditive);
  if (!domain) {
    domain = profiles[0].parsed.domain;
    domain_file = profiles[0].file;
  }
  scenario.name = domain->name.empty() ? io_internal::FileStem(domain_file) : domain->name;
  scenario.source = domain_file;
  scenario.space = domain->space;
  for (Loaded& loaded : profiles) {
    JsonFile f(loaded.text, loaded.file);
    PARLEY_RETURN_IF_ERROR(f.Parse());
    PARLEY_ASSIGN_OR_RETURN(
        Profile profile,
        Reorder(loaded.parsed.profile, loaded.parsed.domain.space, scenario.space, loaded.file, f));
    Party party;
    party.name = io_internal::FileStem(loaded.file);
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

/// An outcome whose utility is exactly `rv`, found by enumeration of small spaces.
std::optional<Outcome> FindBidWithUtility(const Profile& profile, const OutcomeSpace& space,
                                          double rv) {
  if (!space.Indexable() || space.SizeExact() > 1'000'000) return std::nullopt;
  Outcome o(space.NumIssues(), 0);
  do {
    if (EvaluateUtility(profile, o) == rv) return o;
  } while (space.Next(o));
  return std::nullopt;
}

Json BidValueJson(const Issue& issue, ValueIndex v, bool as_discrete) {
  if (issue.kind == IssueKind::kDiscrete || as_discrete) return issue.ValueName(v);
  if (issue.kind == IssueKind::kInteger) return static_cast<int64_t>(issue.NumericValue(v));
  return issue.NumericValue(v);
}

}  // namespace

Result<GeniusWebFiles> GeniusWebText(const Scenario& scenario) {
  GeniusWebFiles files;
  const OutcomeSpace& space = scenario.space;
  const size_t n = space.NumIssues();
  for (const Party& party : scenario.parties)
    if (!party.profile.IsAdditive())
      return Error::Unsupported("party '" + party.name +
                                "' has a hyper-rectangle utility; GeniusWeb has only linear "
                                "additive ones");

  // A number issue stays one when every party's utilities over it are linear in the value;
  // otherwise it becomes a discrete issue whose values are the numbers' names.
  std::vector<bool> as_discrete(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (space.issue(i).kind == IssueKind::kDiscrete) continue;
    for (const Party& party : scenario.parties)
      if (!io_internal::LinearEnds(party.profile.additive().issues[i].table, space.issue(i)))
        as_discrete[i] = true;
    if (as_discrete[i])
      files.dropped.push_back("issue '" + space.issue(i).name + "': written as a discrete issue (" +
                              std::to_string(space.issue(i).Cardinality()) +
                              " values), because a party's utilities over it are not linear");
    else if (space.issue(i).kind == IssueKind::kReal &&
             space.issue(i).real_min == std::floor(space.issue(i).real_min) &&
             space.issue(i).real_max - space.issue(i).real_min + 1 == space.issue(i).resolution)
      files.dropped.push_back("issue '" + space.issue(i).name +
                              "': a real grid with step 1 reads back as an integer issue");
  }

  Json domain;
  domain["name"] = scenario.name;
  Json issues = Json::object();
  for (size_t i = 0; i < n; ++i) {
    const Issue& issue = space.issue(i);
    Json spec;
    if (issue.kind == IssueKind::kDiscrete || as_discrete[i]) {
      Json values = Json::array();
      for (ValueIndex v = 0; v < issue.Cardinality(); ++v) values.push_back(issue.ValueName(v));
      spec["values"] = values;
    } else if (issue.kind == IssueKind::kInteger) {
      spec["range"] = {{"low", issue.int_min}, {"high", issue.int_max}, {"step", 1}};
    } else {
      const double step =
          issue.resolution > 1 ? (issue.real_max - issue.real_min) / (issue.resolution - 1) : 1.0;
      spec["range"] = {{"low", issue.real_min}, {"high", issue.real_max}, {"step", step}};
    }
    issues[issue.name] = spec;
  }
  domain["issuesValues"] = issues;
  files.domain_text = domain.dump(2) + "\n";

  const std::string base =
      io_internal::SafeFileName(scenario.name.empty() ? "domain" : scenario.name);
  std::set<std::string> used;
  std::vector<std::string> stems;
  for (const Party& party : scenario.parties) {
    std::string stem = io_internal::SafeFileName(party.name);
    std::string file = stem + ".json";
    for (int k = 2; used.count(file); ++k) file = stem + "_" + std::to_string(k) + ".json";
    used.insert(file);
    files.profile_file_names.push_back(file);
    stems.push_back(io_internal::FileStem(file));
    if (stems.back() != party.name)
      files.dropped.push_back("party '" + party.name + "': written as " + file +
                              " (party names come from file names)");
  }
  files.domain_file_name = base + ".json";
  for (int k = 2; used.count(files.domain_file_name); ++k)
    files.domain_file_name = base + "_" + std::to_string(k) + ".json";

  for (size_t p = 0; p < scenario.parties.size(); ++p) {
    const Party& party = scenario.parties[p];
    const Profile& profile = party.profile;
    const AdditiveUtility& add = profile.additive();
    Json utilities = Json::object(), weights = Json::object();
    // GeniusWeb's weights sum to 1 and it has no cap: GENIUS weights that do not (Laptop,
    // Phone) are divided by their sum, which changes the utilities a little; the report says so.
    double weight_sum = 0;
    for (double w : add.weights) weight_sum += w;
    const bool rescale = add.capped && std::abs(weight_sum - 1) > 1e-6 && weight_sum > 0;
    if (rescale)
      files.dropped.push_back("party '" + party.name + "': GENIUS weights summing to " +
                              io_internal::FormatDouble(weight_sum) +
                              " (capped at 1): divided by their sum");
    for (size_t i = 0; i < n; ++i) {
      const Issue& issue = space.issue(i);
      const std::vector<double>& table = add.issues[i].table;
      if (issue.kind == IssueKind::kDiscrete || as_discrete[i]) {
        Json vu = Json::object();
        for (ValueIndex v = 0; v < issue.Cardinality(); ++v) vu[issue.ValueName(v)] = table[v];
        utilities[issue.name] = {{"DiscreteValueSetUtilities", {{"valueUtilities", vu}}}};
      } else {
        const auto ends = *io_internal::LinearEnds(table, issue);
        const double lo = issue.NumericValue(0);
        const double hi = issue.NumericValue(static_cast<ValueIndex>(issue.Cardinality() - 1));
        if (hi > lo) {
          utilities[issue.name] = {{"NumberValueSetUtilities",
                                    {{"lowValue", lo},
                                     {"lowUtility", ends.first},
                                     {"highValue", hi},
                                     {"highUtility", ends.second}}}};
        } else {
          // One value only: GeniusWeb needs highValue > lowValue, so extend the line past it.
          utilities[issue.name] = {{"NumberValueSetUtilities",
                                    {{"lowValue", lo},
                                     {"lowUtility", table[0]},
                                     {"highValue", std::nextafter(lo, HUGE_VAL)},
                                     {"highUtility", table[0]}}}};
        }
      }
      weights[issue.name] = rescale ? add.weights[i] / weight_sum : add.weights[i];
    }
    Json body;
    body["issueUtilities"] = utilities;
    body["issueWeights"] = weights;
    body["domain"] = domain;
    body["name"] = profile.name.empty() ? party.name : profile.name;
    if (profile.reservation_value != 0) {
      const std::optional<Outcome> bid =
          FindBidWithUtility(profile, space, profile.reservation_value);
      if (bid) {
        Json values = Json::object();
        for (size_t i = 0; i < n; ++i)
          values[space.issue(i).name] = BidValueJson(space.issue(i), (*bid)[i], as_discrete[i]);
        body["reservationBid"] = {{"issuevalues", values}};
      } else {
        files.dropped.push_back("party '" + party.name + "': reservation value " +
                                FormatDouble(profile.reservation_value) +
                                " (GeniusWeb states it as a bid, and no bid has that utility)");
      }
    }
    if (profile.discount_factor != 1)
      files.dropped.push_back("party '" + party.name + "': discount factor " +
                              FormatDouble(profile.discount_factor) +
                              " (GeniusWeb profiles have none)");
    if (!profile.constraints.empty())
      files.dropped.push_back("party '" + party.name +
                              "': " + std::to_string(profile.constraints.size()) +
                              " hard constraint(s) (GeniusWeb has none)");
    Json root;
    root[kLinearAdditive] = body;
    files.profile_texts.push_back(root.dump(2) + "\n");
  }
  io_internal::NoteDroppedRules(scenario, stems, "GeniusWeb", files.dropped);
  return files;
}

Result<WriteReport> WriteGeniusWeb(const Scenario& scenario, const std::string& folder) {
  PARLEY_ASSIGN_OR_RETURN(GeniusWebFiles files, GeniusWebText(scenario));
  return io_internal::WriteScenarioFolder(folder, files.domain_file_name, files.domain_text,
                                          files.profile_file_names, files.profile_texts,
                                          std::move(files.dropped));
}

}  // namespace parley
