#pragma once

/// \file
/// Small text helpers shared by every module that writes HTML or SVG (session plots, tournament
/// and talks reports).

#include <string>
#include <string_view>

namespace parley {

/// Escapes text for XML or HTML element content and attribute values: & < > " '.
std::string EscapeMarkup(std::string_view text);

/// `value` with `digits` decimals ("%.*f"), never "-0.0": a negative zero or a tiny negative value
/// that rounds to zero prints without its sign.
std::string FormatFixed(double value, int digits);

}  // namespace parley
