#include "convert.h"

#include <cmath>

namespace parley::python {

void RegisterErrors(py::module_& m) {
  // ScenarioError(message) with .file, .line, .field; a ValueError so that plain handlers work.
  static PyObject* scenario_error =
      PyErr_NewExceptionWithDoc("parley.ScenarioError",
                                "Bad input: a malformed scenario, an unknown agent or protocol, a "
                                "bad value. The message is the command line's: "
                                "'file:line: field: message'; .file, .line and .field hold them.",
                                PyExc_ValueError, nullptr);
  m.attr("ScenarioError") = py::handle(scenario_error);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ParleyException& e) {
      const std::string text = e.error.ToString();
      if (e.error.code == ErrorCode::kInternal) {
        PyErr_SetString(PyExc_RuntimeError, text.c_str());
        return;
      }
      py::object error = py::reinterpret_borrow<py::object>(scenario_error)(text);
      error.attr("file") = e.error.file.empty() ? py::object(py::none()) : py::str(e.error.file);
      error.attr("line") = e.error.line == 0 ? py::object(py::none()) : py::int_(e.error.line);
      error.attr("field") = e.error.field.empty() ? py::object(py::none()) : py::str(e.error.field);
      PyErr_SetObject(scenario_error, error.ptr());
    }
  });
}

OutcomeCodec::OutcomeCodec(const OutcomeSpace& space) : space_(&space) {
  for (const Issue& issue : space.issues()) {
    names_.push_back(py::str(issue.name));
    std::vector<py::object> values;
    py::dict lookup;
    if (issue.kind == IssueKind::kDiscrete) {
      for (size_t v = 0; v < issue.values.size(); ++v) {
        py::str value(issue.values[v]);
        lookup[value] = py::int_(v);
        values.push_back(std::move(value));
      }
    }
    discrete_.push_back(std::move(values));
    lookup_.push_back(std::move(lookup));
  }
}

py::object OutcomeCodec::Value(size_t issue, ValueIndex index) const {
  const Issue& i = space_->issue(issue);
  switch (i.kind) {
    case IssueKind::kDiscrete:
      return discrete_[issue][index];
    case IssueKind::kInteger:
      return py::int_(i.int_min + static_cast<int64_t>(index));
    case IssueKind::kReal:
      return py::float_(i.NumericValue(index));
  }
  return py::none();
}

py::tuple OutcomeCodec::ToTuple(const Outcome& outcome) const {
  py::tuple out(outcome.size());
  for (size_t i = 0; i < outcome.size(); ++i) {
    py::object v = Value(i, outcome[i]);
    PyTuple_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), v.release().ptr());
  }
  return out;
}

py::dict OutcomeCodec::ToDict(const Outcome& outcome) const {
  py::dict out;
  for (size_t i = 0; i < outcome.size(); ++i) out[names_[i]] = Value(i, outcome[i]);
  return out;
}

ValueIndex OutcomeCodec::Decode(size_t issue, py::handle value) const {
  const Issue& i = space_->issue(issue);
  auto bad = [&](const std::string& why) -> ValueIndex {
    throw py::value_error("issue '" + i.name + "': " + why);
  };
  switch (i.kind) {
    case IssueKind::kDiscrete: {
      PyObject* found = PyDict_GetItemWithError(lookup_[issue].ptr(), value.ptr());
      if (found == nullptr) {
        if (PyErr_Occurred()) throw py::error_already_set();
        return bad("no value " + py::repr(value).cast<std::string>());
      }
      return static_cast<ValueIndex>(PyLong_AsUnsignedLong(found));
    }
    case IssueKind::kInteger: {
      if (!PyLong_Check(value.ptr()) || PyBool_Check(value.ptr()))
        return bad("expected an integer, got " + py::repr(value).cast<std::string>());
      const long long v = PyLong_AsLongLong(value.ptr());
      if (PyErr_Occurred() || v < i.int_min || v > i.int_max)
        return bad(py::repr(value).cast<std::string>() + " is outside " +
                   std::to_string(i.int_min) + ".." + std::to_string(i.int_max));
      return static_cast<ValueIndex>(v - i.int_min);
    }
    case IssueKind::kReal: {
      const double v = PyFloat_AsDouble(value.ptr());
      if (PyErr_Occurred()) {
        PyErr_Clear();
        return bad("expected a number, got " + py::repr(value).cast<std::string>());
      }
      auto found = std::isfinite(v) ? i.FindNumber(v) : std::nullopt;
      if (!found) return bad(py::repr(value).cast<std::string>() + " is not on the issue's grid");
      return *found;
    }
  }
  return 0;
}

Outcome OutcomeCodec::FromPython(py::handle object) const {
  const size_t n = space_->NumIssues();
  Outcome out(n);
  PyObject* o = object.ptr();
  if (PyTuple_Check(o) || PyList_Check(o)) {
    const Py_ssize_t size = PySequence_Fast_GET_SIZE(o);
    if (static_cast<size_t>(size) != n)
      throw py::value_error("an outcome has " + std::to_string(n) +
                            " values (one per issue), got " + std::to_string(size));
    PyObject** items = PySequence_Fast_ITEMS(o);
    for (size_t i = 0; i < n; ++i) out[i] = Decode(i, items[i]);
    return out;
  }
  if (PyDict_Check(o)) {
    if (static_cast<size_t>(PyDict_Size(o)) != n)
      throw py::value_error("an outcome names every issue once: expected " + std::to_string(n) +
                            " keys, got " + std::to_string(PyDict_Size(o)));
    for (size_t i = 0; i < n; ++i) {
      PyObject* v = PyDict_GetItemWithError(o, names_[i].ptr());
      if (v == nullptr) {
        if (PyErr_Occurred()) throw py::error_already_set();
        throw py::value_error("the outcome has no value for issue '" + space_->issue(i).name + "'");
      }
      out[i] = Decode(i, v);
    }
    return out;
  }
  throw py::type_error(
      "an outcome is a tuple (values in issue order) or a dict {issue: value}, not " +
      py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>());
}

}  // namespace parley::python
