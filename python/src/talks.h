#pragma once

/// \file
/// Private to the Python module: the talks ledger (parley.talks.Ledger's C++ side).

#include <pybind11/pybind11.h>

#include <functional>

#include "parley/preference/scenario.h"

namespace parley::python {

/// Registers LedgerHandle; `scenario_of` turns a ScenarioHandle into its Scenario.
void RegisterTalks(pybind11::module_& m,
                   std::function<const Scenario&(pybind11::handle)> scenario_of);

}  // namespace parley::python
