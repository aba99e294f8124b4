#include "parley/protocol/registry.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace parley {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string Num(double x) {
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return ec == std::errc() ? std::string(buf, ptr) : std::string("?");
}

}  // namespace

Status CheckRegistryName(std::string_view name) {
  bool ok = !name.empty() && name.front() != '-' && name.back() != '-';
  for (size_t i = 0; ok && i < name.size(); ++i) {
    const char c = name[i];
    if (c == '-') {
      ok = name[i - 1] != '-';
    } else {
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
  }
  if (!ok) {
    return Error::BadInput(
        "bad name " + Quote(name) +
        ": expected lower-case words joined by hyphens, e.g. 'nice-tit-for-tat'");
  }
  return {};
}

Result<Spec> Spec::Parse(std::string_view text) {
  const std::string_view original = text;
  text = Trim(text);
  Spec spec;
  const size_t colon = text.find(':');
  spec.name = std::string(Trim(text.substr(0, colon)));
  if (spec.name.empty()) {
    return Error::BadInput("empty name in " + Quote(original) +
                           ": expected name or name:key=value,...");
  }
  if (colon == std::string_view::npos) return spec;
  std::string_view rest = text.substr(colon + 1);
  if (Trim(rest).empty()) {
    return Error::BadInput("no parameters after ':' in " + Quote(original) +
                           ": expected name:key=value,...");
  }
  bool first = true;
  while (true) {
    const size_t comma = rest.find(',');
    const std::string_view item = Trim(rest.substr(0, comma));
    const size_t eq = item.find('=');
    if (first && eq == std::string_view::npos && !item.empty()) {
      // A bare first value ("genius:agents.anac.y2011.HardHeaded.KLH"): the entry's positional
      // parameter, named by the registry when it makes the object.
      spec.params.emplace_back("", std::string(item));
      first = false;
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
      continue;
    }
    first = false;
    if (eq == std::string_view::npos || Trim(item.substr(0, eq)).empty()) {
      return Error::BadInput("bad parameter " + Quote(item) + " in " + Quote(original) +
                             ": expected key=value");
    }
    std::string key(Trim(item.substr(0, eq)));
    std::string value(Trim(item.substr(eq + 1)));
    for (const auto& [k, v] : spec.params) {
      if (k == key) {
        return Error::BadInput("parameter " + Quote(key) + " given twice in " + Quote(original));
      }
    }
    spec.params.emplace_back(std::move(key), std::move(value));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return spec;
}

std::string Spec::ToString() const {
  std::string out = name;
  for (size_t i = 0; i < params.size(); ++i) {
    out += (i == 0 ? ":" : ",");
    out += params[i].first.empty() ? params[i].second : params[i].first + "=" + params[i].second;
  }
  return out;
}

std::vector<std::string> SplitSpecList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = Trim(text.substr(0, comma));
    if (!item.empty()) {
      const bool continues = item.find('=') != std::string_view::npos &&
                             item.find(':') == std::string_view::npos && !out.empty();
      if (continues) {
        out.back() += (out.back().find(':') == std::string::npos ? ":" : ",") + std::string(item);
      } else {
        out.emplace_back(item);
      }
    }
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return out;
}

bool SpecParams::Has(std::string_view key) const {
  for (const auto& [k, v] : spec_->params)
    if (k == key) return true;
  return false;
}

const std::string* SpecParams::Find(std::string_view key) {
  for (size_t i = 0; i < spec_->params.size(); ++i) {
    if (spec_->params[i].first == key) {
      used_[i] = true;
      return &spec_->params[i].second;
    }
  }
  return nullptr;
}

Result<double> SpecParams::Double(std::string_view key, double fallback, double lo, double hi) {
  const std::string* text = Find(key);
  if (!text) return fallback;
  double value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    return Error::BadInput("parameter " + Quote(key) + " of " + Quote(spec_->name) +
                           ": expected a number, got " + Quote(*text));
  }
  if (value < lo || value > hi) {
    return Error::BadInput("parameter " + Quote(key) + " of " + Quote(spec_->name) + " is " +
                           *text + ": expected a number from " + Num(lo) + " to " + Num(hi));
  }
  return value;
}

Result<int64_t> SpecParams::Int(std::string_view key, int64_t fallback, int64_t lo, int64_t hi) {
  const std::string* text = Find(key);
  if (!text) return fallback;
  int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end) {
    return Error::BadInput("parameter " + Quote(key) + " of " + Quote(spec_->name) +
                           ": expected an integer, got " + Quote(*text));
  }
  if (value < lo || value > hi) {
    return Error::BadInput("parameter " + Quote(key) + " of " + Quote(spec_->name) + " is " +
                           *text + ": expected an integer from " + Num(lo) + " to " + Num(hi));
  }
  return value;
}

Result<bool> SpecParams::Bool(std::string_view key, bool fallback) {
  const std::string* text = Find(key);
  if (!text) return fallback;
  if (*text == "true" || *text == "1" || *text == "yes") return true;
  if (*text == "false" || *text == "0" || *text == "no") return false;
  return Error::BadInput("parameter " + Quote(key) + " of " + Quote(spec_->name) +
                         ": expected true or false, got " + Quote(*text));
}

Result<std::string> SpecParams::String(std::string_view key, std::string fallback) {
  const std::string* text = Find(key);
  if (!text) return fallback;
  return *text;
}

Status SpecParams::CheckAllUsed(std::string_view what,
                                const std::vector<std::string>& known) const {
  for (size_t i = 0; i < used_.size(); ++i) {
    if (used_[i]) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    return Error::BadInput("unknown parameter " + Quote(spec_->params[i].first) + " for " +
                           std::string(what) + "; known: " + (list.empty() ? "none" : list) +
                           DidYouMean(spec_->params[i].first, known));
  }
  return {};
}

}  // namespace parley
