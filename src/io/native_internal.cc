#include "native_internal.h"

#include <charconv>
#include <cmath>

namespace parley::native_internal {

std::vector<double> FormValues(const ValueFunction& f, const Issue& issue) {
  const uint64_t n = issue.Cardinality();
  std::vector<double> out(n, 0.0);
  for (uint64_t v = 0; v < n; ++v) {
    const double x = issue.NumericValue(static_cast<ValueIndex>(v));
    switch (f.form) {
      case ValueFunction::Form::kTable:
        out[v] = v < f.table.size() ? f.table[v] : 0.0;
        break;
      case ValueFunction::Form::kLinear:
        out[v] = f.a * x + f.b;
        break;
      case ValueFunction::Form::kConstant:
        out[v] = f.a;
        break;
      case ValueFunction::Form::kTriangular: {
        const double lower = f.a, upper = f.b, top = f.c;
        if (x < lower || x > upper) {
          out[v] = 0;
        } else if (x == top) {
          out[v] = 1;
        } else if (x < top) {
          out[v] = (x - lower) / (top - lower);
        } else {
          out[v] = (upper - x) / (upper - top);
        }
        break;
      }
    }
  }
  return out;
}

std::string FormatDouble(double x) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  std::string text(buf, end);
  const size_t e = text.find('e');
  if (e != std::string::npos) {
    if (text.find('.') == std::string::npos) text.insert(e, ".0");
    const size_t sign = text.find('e') + 1;
    if (sign < text.size() && text[sign] != '-' && text[sign] != '+') text.insert(sign, "+");
  }
  return text;
}

std::optional<double> ParseDouble(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  // from_chars also reads "inf" and "nan"; YAML spells them ".inf" / ".nan". Neither is wanted.
  const char c = text.front() == '-' && text.size() > 1 ? text[1] : text.front();
  if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.')) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<int64_t> ParseInt(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<ValueIndex> FindValueByName(const Issue& issue, std::string_view name) {
  switch (issue.kind) {
    case IssueKind::kDiscrete:
      for (size_t i = 0; i < issue.values.size(); ++i)
        if (issue.values[i] == name) return static_cast<ValueIndex>(i);
      return std::nullopt;
    case IssueKind::kInteger: {
      const auto n = ParseInt(name);
      if (!n || *n < issue.int_min || *n > issue.int_max) return std::nullopt;
      // Subtract in unsigned arithmetic: the bounds may be far apart in int64 terms.
      return static_cast<ValueIndex>(static_cast<uint64_t>(*n) -
                                     static_cast<uint64_t>(issue.int_min));
    }
    case IssueKind::kReal: {
      const auto x = ParseDouble(name);
      if (!x || issue.resolution < 2) return std::nullopt;
      const double range = issue.real_max - issue.real_min;
      const double slack = 1e-9 * range;
      if (*x < issue.real_min - slack || *x > issue.real_max + slack) return std::nullopt;
      const double pos = (*x - issue.real_min) / range * (issue.resolution - 1);
      const double nearest = std::min(std::max(std::round(pos), 0.0), issue.resolution - 1.0);
      const auto index = static_cast<ValueIndex>(nearest);
      if (std::abs(issue.NumericValue(index) - *x) > slack) return std::nullopt;
      return index;
    }
  }
  return std::nullopt;
}

std::string NativeValueName(const Issue& issue, ValueIndex index) {
  switch (issue.kind) {
    case IssueKind::kDiscrete:
      return issue.values[index];
    case IssueKind::kInteger:
      return std::to_string(static_cast<int64_t>(static_cast<uint64_t>(issue.int_min) + index));
    case IssueKind::kReal:
      return FormatDouble(issue.NumericValue(index));
  }
  return {};
}

}  // namespace parley::native_internal
