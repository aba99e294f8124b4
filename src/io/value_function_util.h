#pragma once

/// \file
/// Analytic value functions (GENIUS evaluators, GeniusWeb number utilities) and their tables
/// (internal to the io module). Readers tabulate a form over an issue's values; writers ask
/// whether a table can be stated as a form the target format knows.

#include <optional>
#include <vector>

#include "parley/outcome/outcome_space.h"
#include "parley/preference/profile.h"

namespace parley::io_internal {

/// The table of `f.form` over the issue's values (GENIUS semantics: linear is clamped to
/// [0, 1]; for integer issues it is offset + slope * (v - lowerbound), for real ones
/// parameter0 + parameter1 * x). A kTable form returns `f.table`.
std::vector<double> TabulateForm(const ValueFunction& f, const Issue& issue);

/// A GENIUS evaluator that reproduces `f.table` on this integer or real issue within 1e-9:
/// `f` itself when its form does, else a fitted linear one; nullopt when none does. The
/// result's table is `f.table`.
std::optional<ValueFunction> GeniusForm(const ValueFunction& f, const Issue& issue);

/// Utilities at the issue's lowest and highest values when `table` is exactly linear in the
/// value (within 1e-9), as GeniusWeb's NumberValueSetUtilities interpolates; nullopt otherwise.
std::optional<std::pair<double, double>> LinearEnds(const std::vector<double>& table,
                                                    const Issue& issue);

}  // namespace parley::io_internal
