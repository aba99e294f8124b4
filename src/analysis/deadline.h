#pragma once

/// \file
/// Internal: the wall-clock guard of one analysis (AnalysisOptions::time_limit_seconds). Every
/// long loop of the analysis (the issue-by-issue merge, frontier reductions, enumeration, the
/// constrained-group enumeration, the ZOPA count) asks Expired() every few thousand steps, so
/// that the limit holds within a few milliseconds on every path.

#include <chrono>
#include <cstdint>
#include <string>

#include "parley/core/result.h"

namespace parley::analysis_internal {

class Deadline {
 public:
  /// A limit that is not positive has already expired.
  explicit Deadline(double seconds) : limit_(seconds), start_(std::chrono::steady_clock::now()) {}
  bool Expired() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() >
           limit_;
  }
  Error TimeoutError(const std::string& what) const;

 private:
  double limit_;
  std::chrono::steady_clock::time_point start_;
};

/// Asks a deadline on the first step and then once every `every` steps (a clock read costs
/// ~20 ns; a step a few), so an expired deadline stops a loop at once.
class DeadlineCheck {
 public:
  explicit DeadlineCheck(const Deadline* deadline, uint32_t every = 4096)
      : deadline_(deadline), every_(every), count_(every) {}
  /// Counts `steps` steps; true once the deadline has expired (and from then on).
  bool Expired(uint64_t steps = 1) {
    if (deadline_ == nullptr) return false;
    if (expired_) return true;
    count_ += steps;
    if (count_ < every_) return false;
    count_ = 0;
    expired_ = deadline_->Expired();
    return expired_;
  }
  /// True once a check found the deadline expired.
  bool expired() const { return expired_; }

 private:
  const Deadline* deadline_;
  uint64_t every_;
  uint64_t count_;
  bool expired_ = false;
};

}  // namespace parley::analysis_internal
