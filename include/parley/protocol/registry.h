#pragma once

/// \file
/// Things made by name with parameters, `name:key=value,key=value` ("time-dependent:e=0.5",
/// "sao", "boa:bidding=boulware,accept=next+time,t=0.98"). One `Registry<T>` each for protocols,
/// agents and BOA components. Names are lower-case words joined by hyphens. An unknown name, an
/// unknown parameter or a bad value is an `Error::BadInput` that lists what is known.
///
/// Registries are filled at start-up (built-ins on first use; user agents by `Register`, see
/// examples/) and may then be read from any number of threads: `Make`, `Find` and `List` lock.

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/core/result.h"
#include "parley/core/text.h"

namespace parley {

/// A parsed `name:key=value,...` text.
struct Spec {
  std::string name;
  std::vector<std::pair<std::string, std::string>> params;  ///< In the order given.

  /// Parses; errors name the text and what was expected. Keys must be unique. A first
  /// parameter without '=' ("genius:agents.Boulware") is kept with an empty key: the value of
  /// the entry's positional parameter (`RegistryEntry::positional`); entries without one reject
  /// it when they make the object.
  static Result<Spec> Parse(std::string_view text);
  /// The canonical text: "name" or "name:k=v,k=v" in the given order.
  std::string ToString() const;
  bool operator==(const Spec&) const = default;
};

/// Typed, checked access to a spec's parameters, for factories. Remembers which keys were read
/// so that the registry can reject a key nobody asked for ("did you mean ...").
class SpecParams {
 public:
  explicit SpecParams(const Spec& spec) : spec_(&spec), used_(spec.params.size(), false) {}

  const Spec& spec() const { return *spec_; }
  bool Has(std::string_view key) const;
  /// The value of `key` as a number in [lo, hi]; `fallback` when absent.
  Result<double> Double(std::string_view key, double fallback, double lo, double hi);
  Result<int64_t> Int(std::string_view key, int64_t fallback, int64_t lo, int64_t hi);
  /// "true"/"false"/"1"/"0"/"yes"/"no".
  Result<bool> Bool(std::string_view key, bool fallback);
  Result<std::string> String(std::string_view key, std::string fallback);
  /// An error for the first parameter no getter read, naming `what` ("agent 'boulware'") and the
  /// parameters it has (`known`).
  Status CheckAllUsed(std::string_view what, const std::vector<std::string>& known) const;

 private:
  const std::string* Find(std::string_view key);
  const Spec* spec_;
  std::vector<bool> used_;
};

/// Splits a comma-separated list of specs, where specs themselves may hold comma-separated
/// parameters: an item with '=' but no ':' continues the previous spec. So
/// "boa:bidding=boulware,accept=next,conceder" is {"boa:bidding=boulware,accept=next",
/// "conceder"}. Items are trimmed; empty items are dropped.
std::vector<std::string> SplitSpecList(std::string_view text);

/// One parameter, for listings (`parley agents`).
struct ParameterInfo {
  std::string name;
  std::string default_value;
  std::string description;
};

template <typename T>
struct RegistryEntry {
  std::string name;
  std::string description;
  std::vector<ParameterInfo> parameters;
  /// Makes a fresh object from the parameters; must read every parameter it accepts through
  /// `params` and report bad values as errors, never throw.
  std::function<Result<std::unique_ptr<T>>(SpecParams& params)> factory;
  /// The GENIUS class this entry reproduces move for move (e.g.
  /// "agents.TimeDependentAgentBoulware"); empty when it follows none exactly. Listed by
  /// `parley agents --json` as "genius_class".
  std::string genius_class;
  /// The parameter a bare first value fills ("class" for genius:CLASS); empty: none.
  std::string positional;
  /// The objects cannot run in a forked process (they call into an interpreter, or own child
  /// processes or threads): a tournament with one runs all its sessions on threads of the
  /// calling process (TournamentOptions::in_process), where a crash is not contained.
  bool in_process = false;
};

/// Checks a registry name: lower-case letters and digits, words joined by single hyphens.
Status CheckRegistryName(std::string_view name);

template <typename T>
class Registry {
 public:
  /// `kind` names the things for messages: "agent", "protocol", "acceptance condition".
  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  /// Adds an entry; an error if the name is malformed or taken.
  Status Register(RegistryEntry<T> entry) {
    PARLEY_RETURN_IF_ERROR(CheckRegistryName(entry.name));
    if (!entry.factory) return Error::BadInput(kind_ + " '" + entry.name + "' has no factory");
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_)
      if (e.name == entry.name)
        return Error::BadInput(kind_ + " '" + entry.name + "' is already registered");
    entries_.push_back(std::move(entry));
    return {};
  }

  /// Makes an object from "name:key=value,...".
  Result<std::unique_ptr<T>> Make(std::string_view text) const {
    PARLEY_ASSIGN_OR_RETURN(Spec spec, Spec::Parse(text));
    return Make(spec);
  }
  Result<std::unique_ptr<T>> Make(const Spec& spec) const {
    std::optional<RegistryEntry<T>> entry = Find(spec.name);
    if (!entry) {
      std::vector<std::string> names;
      for (const auto& e : List()) names.push_back(e.name);
      return Error::BadInput("unknown " + kind_ + " '" + spec.name + "'; known: " + KnownNames() +
                             DidYouMean(spec.name, names));
    }
    Spec named = spec;
    if (!named.params.empty() && named.params.front().first.empty()) {
      if (entry->positional.empty()) {
        return Error::BadInput("bad parameter '" + named.params.front().second + "' in '" +
                               spec.ToString() + "': expected key=value (" + kind_ + " '" +
                               spec.name + "' takes no value without a key)");
      }
      for (const auto& [k, v] : named.params) {
        if (k == entry->positional) {
          return Error::BadInput("parameter '" + k + "' given twice in '" + spec.ToString() + "'");
        }
      }
      named.params.front().first = entry->positional;
    }
    SpecParams params(named);
    auto made = entry->factory(params);
    if (!made) return made.error();
    std::vector<std::string> known;
    for (const auto& p : entry->parameters) known.push_back(p.name);
    PARLEY_RETURN_IF_ERROR(params.CheckAllUsed(kind_ + " '" + spec.name + "'", known));
    return made;
  }

  /// A copy of the entry with this name.
  std::optional<RegistryEntry<T>> Find(std::string_view name) const {
    std::lock_guard lock(mutex_);
    for (const auto& e : entries_)
      if (e.name == name) return e;
    return std::nullopt;
  }
  /// Every entry, sorted by name.
  std::vector<RegistryEntry<T>> List() const {
    std::lock_guard lock(mutex_);
    std::vector<RegistryEntry<T>> out = entries_;
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
  }
  /// "a, b, c" sorted.
  std::string KnownNames() const {
    std::string out;
    for (const auto& e : List()) out += (out.empty() ? "" : ", ") + e.name;
    return out;
  }
  const std::string& kind() const { return kind_; }

 private:
  std::string kind_;
  mutable std::mutex mutex_;
  std::vector<RegistryEntry<T>> entries_;
};

}  // namespace parley
