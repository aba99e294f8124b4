#pragma once

/// \file
/// Private to the Python module: errors, outcomes and JSON between parley and Python. Every
/// function here needs the GIL. Objects holding Python references (OutcomeCodec) must be
/// destroyed with the GIL held.

#include <pybind11/pybind11.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parley/core/result.h"
#include "parley/outcome/outcome_space.h"

namespace parley::python {

namespace py = pybind11;

/// A parley error on its way to Python: translated to parley.ScenarioError (a ValueError) for
/// what a user can fix, RuntimeError for internal errors.
struct ParleyException {
  Error error;
};
[[noreturn]] inline void Raise(const Error& error) { throw ParleyException{error}; }
template <typename T>
T Check(Result<T> result) {
  if (!result) Raise(result.error());
  return std::move(result).value();
}
inline void Check(const Status& status) {
  if (!status) Raise(status.error());
}
/// Registers parley.ScenarioError and the translator.
void RegisterErrors(py::module_& m);

/// Outcomes as Python sees them: a tuple of values in issue order (discrete values are str,
/// integers int, reals float), or a dict {issue: value}. Python value objects are made once.
class OutcomeCodec {
 public:
  explicit OutcomeCodec(const OutcomeSpace& space);
  const OutcomeSpace& space() const { return *space_; }
  py::object Value(size_t issue, ValueIndex index) const;
  py::tuple ToTuple(const Outcome& outcome) const;
  py::dict ToDict(const Outcome& outcome) const;
  /// A tuple or list in issue order, or a dict naming every issue. Raises ValueError naming the
  /// issue and the value when something does not belong to the space.
  Outcome FromPython(py::handle object) const;

 private:
  ValueIndex Decode(size_t issue, py::handle value) const;
  const OutcomeSpace* space_;
  std::vector<py::object> names_;                  // issue names as str
  std::vector<std::vector<py::object>> discrete_;  // discrete issues: value objects
  std::vector<py::dict> lookup_;                   // discrete issues: value -> index
};

}  // namespace parley::python
