#pragma once

/// \file
/// Small text helpers shared by every module that writes HTML or SVG (session plots, tournament
/// and talks reports), counts as people read them, and the "did you mean" of every error about a
/// misspelt name.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

/// Escapes text for XML or HTML element content and attribute values: & < > " '.
std::string EscapeMarkup(std::string_view text);

/// `value` with `digits` decimals ("%.*f"), never "-0.0": a negative zero or a tiny negative value
/// that rounds to zero prints without its sign.
std::string FormatFixed(double value, int digits);

/// A count for people: "390,625" when it is an integer below 10^15, otherwise "1.00e+40". Never
/// "inf" or "nan": an infinite count (beyond double's range, ~1.8e308) prints as "more than
/// 1.80e+308" and NaN as "unknown"; callers that know the magnitude use FormatCountLog10.
std::string FormatCount(double count);
/// The count 10^log10_count in FormatCount's form: exact digits below 10^15, then "1.00e+400"
/// for any exponent (for counts beyond the range of double, such as outcome spaces).
std::string FormatCountLog10(double log10_count);
/// log10 of the product of `factors` (the size of an outcome space from its issues' sizes):
/// finite for every product of nonzero factors, -infinity when a factor is 0.
double Log10Product(std::span<const uint64_t> factors);
/// The product of `factors`, as FormatCount writes it, correct beyond the range of double.
std::string FormatProduct(std::span<const uint64_t> factors);

/// Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`.
/// O(|a| |b|) time, O(|b|) memory.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit);

/// "; did you mean 'x'?" for the candidate closest to a misspelt name: a typo or two (about one
/// edit per three characters, case counting as an edit), a different case alone ('Boulware' for
/// 'boulware'), or a truncation of at least 4 characters ('reservation' for
/// 'reservation_value'); empty when none is close or `name` is itself a candidate.
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace parley
