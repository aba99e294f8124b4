#pragma once

/// \file
/// Pieces the native reader and writer share, so that what one writes the other reads back
/// bit for bit: the evaluation of analytic value functions (linear, constant, triangular), number
/// formatting, and the lookup of values by name. Private to src/io.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/outcome/outcome_space.h"
#include "parley/preference/profile.h"

namespace parley::native_internal {

/// f(x) for every value x of a numeric issue, for a non-table form, in the native format's
/// terms: linear a*x + b (a = slope, b = offset); constant a; triangular with a = lower,
/// b = upper, c = top: 0 outside [lower, upper], 1 at top, linear in between.
std::vector<double> FormValues(const ValueFunction& f, const Issue& issue);

/// Tolerance for value utilities just outside [0, 1] from rounding (matches ValidateProfile).
inline constexpr double kUnitSlack = 1e-9;

/// Shortest text that reads back as the same double; exponents always carry a '.' and a sign
/// ("1.0e-05") so that YAML 1.1 readers (PyYAML) also see a float.
std::string FormatDouble(double x);

/// Parses a whole string as a double / int64 (an optional leading '+' allowed); nullopt on any
/// other text, on overflow and (for doubles) on non-finite results.
std::optional<double> ParseDouble(std::string_view text);
std::optional<int64_t> ParseInt(std::string_view text);

/// The value index of `name` in `issue`: discrete by exact name; integer by its number; real by
/// a number on the grid (within 1e-9 of the range of a grid point). nullopt when absent.
std::optional<ValueIndex> FindValueByName(const Issue& issue, std::string_view name);

/// The name of a value as the native writer spells it (integer and real: FormatDouble / decimal).
std::string NativeValueName(const Issue& issue, ValueIndex index);

}  // namespace parley::native_internal
