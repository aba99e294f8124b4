#pragma once

/// \file
/// Issues, outcomes and outcome spaces.
///
/// An outcome is a vector of per-issue value indices. Every issue, whatever its kind, exposes a
/// finite list of values indexed 0..Cardinality()-1: discrete issues their named values, integer
/// issues the integers lo..hi, real issues a grid of `resolution` evenly spaced points from lo to
/// hi (the stated resolution at which real issues are discretised). The space therefore has a
/// mixed-radix integer index (issue 0 most significant), so outcomes can be enumerated, stored and
/// compared as integers while the space has fewer than 2^64 outcomes.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/core/result.h"

namespace parley {

/// A value index within one issue.
using ValueIndex = uint32_t;
/// One value index per issue, in the order of the outcome space's issues.
using Outcome = std::vector<ValueIndex>;

enum class IssueKind { kDiscrete, kInteger, kReal };

std::string_view IssueKindName(IssueKind kind);  ///< "discrete", "integer", "real"

/// One negotiable issue. Build with the factory functions, which validate.
struct Issue {
  std::string name;
  IssueKind kind = IssueKind::kDiscrete;
  std::vector<std::string> values;    ///< Discrete only: the named values.
  int64_t int_min = 0, int_max = 0;   ///< Integer only: inclusive bounds.
  double real_min = 0, real_max = 0;  ///< Real only: inclusive bounds.
  uint32_t resolution = 0;            ///< Real only: number of grid points (>= 2).

  static Issue Discrete(std::string name, std::vector<std::string> values);
  static Issue Integer(std::string name, int64_t lo, int64_t hi);
  static Issue Real(std::string name, double lo, double hi, uint32_t resolution);

  /// Number of values this issue offers (grid points for real issues).
  uint64_t Cardinality() const;
  /// The value's display name: the discrete name, or the number formatted shortest-round-trip.
  std::string ValueName(ValueIndex index) const;
  /// The value as a number: integer and real issues their value, discrete issues the index.
  double NumericValue(ValueIndex index) const;
  /// Finds a value by name (discrete) or by number (integer/real; real snaps to the nearest grid
  /// point within half a step). nullopt when there is no such value.
  std::optional<ValueIndex> Find(std::string_view name) const;
  std::optional<ValueIndex> FindNumber(double number) const;

  bool operator==(const Issue&) const = default;
};

/// Default grid resolution for real issues when a file does not state one.
inline constexpr uint32_t kDefaultRealResolution = 11;

/// The cartesian product of issues.
class OutcomeSpace {
 public:
  OutcomeSpace() = default;
  explicit OutcomeSpace(std::vector<Issue> issues);

  const std::vector<Issue>& issues() const { return issues_; }
  size_t NumIssues() const { return issues_.size(); }
  const Issue& issue(size_t i) const { return issues_[i]; }
  std::optional<size_t> FindIssue(std::string_view name) const;

  /// Number of outcomes as a double (exact below 2^53; spaces can exceed 2^64).
  double Size() const;
  /// True when the size fits a uint64_t, so that `Index`/`FromIndex` are usable.
  bool Indexable() const { return indexable_; }
  /// Exact size; requires Indexable().
  uint64_t SizeExact() const { return size_; }

  /// Mixed-radix index (issue 0 most significant). Requires Indexable() and a valid outcome.
  uint64_t Index(std::span<const ValueIndex> outcome) const;
  Outcome FromIndex(uint64_t index) const;
  /// Checks that the outcome has one in-range value per issue.
  bool Contains(std::span<const ValueIndex> outcome) const;
  /// Advances `outcome` to the next one in index order; false after the last.
  bool Next(Outcome& outcome) const;

  /// "issue=value, issue=value" for messages and transcripts.
  std::string Describe(std::span<const ValueIndex> outcome) const;

  bool operator==(const OutcomeSpace& other) const { return issues_ == other.issues_; }

 private:
  std::vector<Issue> issues_;
  std::vector<uint64_t> strides_;
  uint64_t size_ = 1;
  bool indexable_ = true;
};

}  // namespace parley
