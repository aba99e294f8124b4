#include "value_function_util.h"

#include <algorithm>
#include <cmath>

namespace parley::io_internal {
namespace {

constexpr double kTolerance = 1e-9;

double Clamp01(double u) { return u < 0 ? 0 : (u > 1 ? 1 : u); }

bool Near(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(std::abs(a[i] - b[i]) <= kTolerance)) return false;
  return true;
}

}  // namespace

std::vector<double> TabulateForm(const ValueFunction& f, const Issue& issue) {
  if (f.form == ValueFunction::Form::kTable) return f.table;
  const uint64_t n = issue.Cardinality();
  std::vector<double> table(n, 0);
  for (ValueIndex v = 0; v < n; ++v) {
    const double x = issue.NumericValue(v);
    switch (f.form) {
      case ValueFunction::Form::kLinear:
        table[v] = issue.kind == IssueKind::kInteger ? Clamp01(f.b + f.a * static_cast<double>(v))
                                                     : Clamp01(f.b + f.a * x);
        break;
      case ValueFunction::Form::kConstant:
        table[v] = f.a;
        break;
      case ValueFunction::Form::kTriangular: {
        const double lower = f.a, upper = f.b, top = f.c;
        if (x < lower)
          table[v] = 0;
        else if (x < top)
          table[v] = (x - lower) / (top - lower);
        else if (x < upper)
          table[v] = 1 - (x - top) / (upper - top);
        else
          table[v] = 0;
        break;
      }
      case ValueFunction::Form::kTable:
        break;
    }
  }
  return table;
}

std::optional<ValueFunction> GeniusForm(const ValueFunction& f, const Issue& issue) {
  if (issue.kind == IssueKind::kDiscrete) return std::nullopt;
  const bool form_allowed =
      f.form == ValueFunction::Form::kLinear ||
      (issue.kind == IssueKind::kReal && f.form != ValueFunction::Form::kTable);
  if (form_allowed && Near(TabulateForm(f, issue), f.table)) return f;
  const std::vector<double>& t = f.table;
  if (t.empty()) return std::nullopt;
  ValueFunction g;
  g.form = ValueFunction::Form::kLinear;
  g.table = t;
  const size_t n = t.size();
  if (issue.kind == IssueKind::kInteger) {
    g.a = n > 1 ? (t[n - 1] - t[0]) / static_cast<double>(n - 1) : 0;
    g.b = t[0];
  } else {
    const double x0 = issue.NumericValue(0),
                 x1 = issue.NumericValue(static_cast<ValueIndex>(n - 1));
    g.a = n > 1 && x1 != x0 ? (t[n - 1] - t[0]) / (x1 - x0) : 0;
    g.b = t[0] - g.a * x0;
  }
  if (!std::isfinite(g.a) || !std::isfinite(g.b)) return std::nullopt;
  if (Near(TabulateForm(g, issue), t)) return g;
  return std::nullopt;
}

std::optional<std::pair<double, double>> LinearEnds(const std::vector<double>& table,
                                                    const Issue& issue) {
  if (issue.kind == IssueKind::kDiscrete || table.empty()) return std::nullopt;
  const size_t n = table.size();
  const double lo = issue.NumericValue(0), hi = issue.NumericValue(static_cast<ValueIndex>(n - 1));
  const double u0 = table.front(), u1 = table.back();
  for (size_t v = 0; v < n; ++v) {
    const double x = issue.NumericValue(static_cast<ValueIndex>(v));
    const double expected = hi > lo ? u0 + (u1 - u0) * (x - lo) / (hi - lo) : u0;
    if (!(std::abs(expected - table[v]) <= kTolerance)) return std::nullopt;
  }
  return std::make_pair(u0, u1);
}

}  // namespace parley::io_internal
