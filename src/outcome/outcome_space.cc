#include "parley/outcome/outcome_space.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>

namespace parley {

std::string_view IssueKindName(IssueKind kind) {
  switch (kind) {
    case IssueKind::kDiscrete:
      return "discrete";
    case IssueKind::kInteger:
      return "integer";
    case IssueKind::kReal:
      return "real";
  }
  return "?";
}

Issue Issue::Discrete(std::string name, std::vector<std::string> values) {
  Issue issue;
  issue.name = std::move(name);
  issue.kind = IssueKind::kDiscrete;
  issue.values = std::move(values);
  return issue;
}

Issue Issue::Integer(std::string name, int64_t lo, int64_t hi) {
  Issue issue;
  issue.name = std::move(name);
  issue.kind = IssueKind::kInteger;
  issue.int_min = lo;
  issue.int_max = hi;
  return issue;
}

Issue Issue::Real(std::string name, double lo, double hi, uint32_t resolution) {
  Issue issue;
  issue.name = std::move(name);
  issue.kind = IssueKind::kReal;
  issue.real_min = lo;
  issue.real_max = hi;
  issue.resolution = resolution;
  return issue;
}

uint64_t Issue::Cardinality() const {
  switch (kind) {
    case IssueKind::kDiscrete:
      return values.size();
    case IssueKind::kInteger:
      return int_max >= int_min ? static_cast<uint64_t>(int_max - int_min) + 1 : 0;
    case IssueKind::kReal:
      return resolution;
  }
  return 0;
}

double Issue::NumericValue(ValueIndex index) const {
  switch (kind) {
    case IssueKind::kDiscrete:
      return index;
    case IssueKind::kInteger:
      return static_cast<double>(int_min + static_cast<int64_t>(index));
    case IssueKind::kReal:
      if (resolution <= 1) return real_min;
      if (index + 1 == resolution) return real_max;  // exact upper end, no rounding drift
      return real_min + (real_max - real_min) * index / (resolution - 1);
  }
  return 0;
}

namespace {
std::string FormatNumber(double x) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, end);
}
}  // namespace

std::string Issue::ValueName(ValueIndex index) const {
  switch (kind) {
    case IssueKind::kDiscrete:
      return index < values.size() ? values[index] : std::string("?");
    case IssueKind::kInteger:
      return std::to_string(int_min + static_cast<int64_t>(index));
    case IssueKind::kReal:
      return FormatNumber(NumericValue(index));
  }
  return "?";
}

std::optional<ValueIndex> Issue::FindNumber(double number) const {
  if (!std::isfinite(number)) return std::nullopt;
  switch (kind) {
    case IssueKind::kDiscrete:
      return std::nullopt;
    case IssueKind::kInteger: {
      if (number != std::floor(number) || number < static_cast<double>(int_min) ||
          number > static_cast<double>(int_max))
        return std::nullopt;
      return static_cast<ValueIndex>(static_cast<int64_t>(number) - int_min);
    }
    case IssueKind::kReal: {
      if (resolution < 2) return number == real_min ? std::optional<ValueIndex>(0) : std::nullopt;
      const double step = (real_max - real_min) / (resolution - 1);
      const double pos = (number - real_min) / step;
      const double nearest = std::round(pos);
      if (nearest < 0 || nearest > resolution - 1 || std::abs(pos - nearest) > 0.5 + 1e-9)
        return std::nullopt;
      return static_cast<ValueIndex>(nearest);
    }
  }
  return std::nullopt;
}

std::optional<ValueIndex> Issue::Find(std::string_view name) const {
  if (kind == IssueKind::kDiscrete) {
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == name) return static_cast<ValueIndex>(i);
    return std::nullopt;
  }
  double number = 0;
  auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), number);
  if (ec != std::errc() || ptr != name.data() + name.size()) return std::nullopt;
  return FindNumber(number);
}

OutcomeSpace::OutcomeSpace(std::vector<Issue> issues) : issues_(std::move(issues)) {
  strides_.assign(issues_.size(), 1);
  size_ = 1;
  indexable_ = true;
  for (size_t i = issues_.size(); i-- > 0;) {
    strides_[i] = size_;
    const uint64_t card = issues_[i].Cardinality();
    if (card != 0 && size_ > std::numeric_limits<uint64_t>::max() / card) {
      indexable_ = false;
      size_ = 0;
      break;
    }
    size_ *= card;
  }
}

std::optional<size_t> OutcomeSpace::FindIssue(std::string_view name) const {
  for (size_t i = 0; i < issues_.size(); ++i)
    if (issues_[i].name == name) return i;
  return std::nullopt;
}

double OutcomeSpace::Size() const {
  if (indexable_) return static_cast<double>(size_);
  double size = 1;
  for (const auto& issue : issues_) size *= static_cast<double>(issue.Cardinality());
  return size;
}

uint64_t OutcomeSpace::Index(std::span<const ValueIndex> outcome) const {
  assert(indexable_ && outcome.size() == issues_.size());
  uint64_t index = 0;
  for (size_t i = 0; i < outcome.size(); ++i) index += outcome[i] * strides_[i];
  return index;
}

Outcome OutcomeSpace::FromIndex(uint64_t index) const {
  assert(indexable_ && index < size_);
  Outcome outcome(issues_.size());
  for (size_t i = 0; i < issues_.size(); ++i) {
    outcome[i] = static_cast<ValueIndex>(index / strides_[i]);
    index %= strides_[i];
  }
  return outcome;
}

bool OutcomeSpace::Contains(std::span<const ValueIndex> outcome) const {
  if (outcome.size() != issues_.size()) return false;
  for (size_t i = 0; i < outcome.size(); ++i)
    if (outcome[i] >= issues_[i].Cardinality()) return false;
  return true;
}

bool OutcomeSpace::Next(Outcome& outcome) const {
  for (size_t i = issues_.size(); i-- > 0;) {
    if (++outcome[i] < issues_[i].Cardinality()) return true;
    outcome[i] = 0;
  }
  return false;
}

std::string OutcomeSpace::Describe(std::span<const ValueIndex> outcome) const {
  std::string out;
  for (size_t i = 0; i < outcome.size() && i < issues_.size(); ++i) {
    if (i) out += ", ";
    out += issues_[i].name + "=" + issues_[i].ValueName(outcome[i]);
  }
  return out;
}

}  // namespace parley
