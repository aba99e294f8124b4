#include "parley/core/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

namespace parley {

std::string EscapeMarkup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string FormatFixed(double value, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string FormatCount(double count) {
  if (std::isnan(count)) return "unknown";
  if (std::isinf(count)) return count > 0 ? "more than 1.80e+308" : "unknown";
  if (!(count >= 0 && count < 1e15 && std::floor(count) == count)) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2e", count);
    return buf;
  }
  const std::string digits = std::to_string(static_cast<uint64_t>(count));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string FormatCountLog10(double log10_count) {
  if (std::isnan(log10_count)) return "unknown";
  if (log10_count == -std::numeric_limits<double>::infinity()) return "0";
  if (std::isinf(log10_count)) return "more than 1.80e+308";
  if (log10_count < 300) {
    // Within double's range: the plain count, rounded to the integer it stands for when small.
    double count = std::pow(10.0, log10_count);
    if (count < 1e15) count = std::round(count);
    return FormatCount(count);
  }
  double exponent = std::floor(log10_count);
  double mantissa = std::pow(10.0, log10_count - exponent);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", mantissa);
  if (buf[0] == '1' && buf[1] == '0') {  // 9.995 rounds to "10.00": carry into the exponent
    mantissa /= 10;
    exponent += 1;
    std::snprintf(buf, sizeof buf, "%.2f", mantissa);
  }
  return std::string(buf) + "e+" + std::to_string(static_cast<int64_t>(exponent));
}

double Log10Product(std::span<const uint64_t> factors) {
  double sum = 0;
  for (uint64_t f : factors) {
    if (f == 0) return -std::numeric_limits<double>::infinity();
    sum += std::log10(static_cast<double>(f));
  }
  return sum;
}

std::string FormatProduct(std::span<const uint64_t> factors) {
  // Exact while the product fits 64 bits; past that, the magnitude from the logarithms.
  uint64_t product = 1;
  bool exact = true;
  for (uint64_t f : factors) {
    if (f == 0) return "0";
    if (exact && product > std::numeric_limits<uint64_t>::max() / f) exact = false;
    if (exact) product *= f;
  }
  if (exact) return FormatCount(static_cast<double>(product));
  return FormatCountLog10(Log10Product(factors));
}

size_t EditDistance(std::string_view a, std::string_view b, size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0], best = row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = row[j];
      row[j] = next;
      best = std::min(best, next);
    }
    if (best > limit) return limit + 1;
  }
  return std::min(row[b.size()], limit + 1);
}

std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  constexpr size_t kMaxCandidates = 10000;  // an error path, but keep it cheap
  if (name.empty() || candidates.size() > kMaxCandidates) return {};
  for (const std::string& c : candidates)
    if (c == name) return {};
  auto lower = [](std::string_view text) {
    std::string out(text);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
  };
  const std::string folded = lower(name);
  for (const std::string& c : candidates)
    if (lower(c) == folded) return "; did you mean '" + c + "'?";
  const size_t limit = std::clamp<size_t>((name.size() + 2) / 3, 1, 3);
  const std::string* best = nullptr;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(name, c, limit);
    if (d > limit && name.size() >= 4 && (c.rfind(name, 0) == 0 || name.rfind(c, 0) == 0))
      d = limit;  // a prefix either way
    if (d < best_distance) {
      best_distance = d;
      best = &c;
    }
  }
  return best ? "; did you mean '" + *best + "'?" : std::string();
}

}  // namespace parley
