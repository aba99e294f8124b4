// The native YAML writer. Written by hand rather than through YAML::Emitter so that the output
// reads like the documented examples (flow lists for short value sets, block mappings elsewhere)
// and so that every scalar is quoted exactly when a YAML 1.1 or 1.2 reader (yaml-cpp, PyYAML)
// could otherwise misread it. Numbers are written shortest-round-trip, so reading the text back
// gives the same doubles.

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>

#include "native_internal.h"
#include "parley/io/native.h"

namespace parley {
namespace {

using native_internal::FormatDouble;
using native_internal::NativeValueName;

constexpr size_t kLineWidth = 100;  // as the C++ sources; longer flow collections go block-style
constexpr size_t kMaxFlowItems = 16;

// Decodes one UTF-8 code point at text[i]; returns its length, 0 when malformed.
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t& cp) {
  const auto c = static_cast<unsigned char>(text[i]);
  size_t len = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    cp = c & 0x1F;
    len = 2;
  } else if ((c & 0xF0) == 0xE0) {
    cp = c & 0x0F;
    len = 3;
  } else if ((c & 0xF8) == 0xF0) {
    cp = c & 0x07;
    len = 4;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto d = static_cast<unsigned char>(text[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3F);
  }
  return len;
}

// Code points a YAML reader may treat as line breaks or byte-order marks, or that are not
// printable in YAML: always escaped.
bool NeedsEscape(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0xFEFF || (cp >= 0xD800 && cp < 0xE000) || cp == 0xFFFE || cp == 0xFFFF;
}

// Words that YAML 1.1 (PyYAML) or 1.2 reads as null or booleans.
bool IsYamlKeyword(std::string_view s) {
  static const std::set<std::string, std::less<>> kWords = {
      "null", "Null", "NULL", "~",  "true", "True", "TRUE", "false", "False", "FALSE",
      "yes",  "Yes",  "YES",  "no", "No",   "NO",   "on",   "On",    "ON",    "off",
      "Off",  "OFF",  "y",    "Y",  "n",    "N",    "=",    "<<"};
  return kWords.count(s) > 0;
}

// True when some YAML reader could take the plain scalar for a number (or .inf / .nan).
bool LooksNumeric(std::string_view s) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i < s.size() && s[i] == '.') return true;  // .5, .inf, .nan
  return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]));
}

bool PlainSafe(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || IsYamlKeyword(s) || LooksNumeric(s))
    return false;
  const auto first = static_cast<unsigned char>(s.front());
  if (!(std::isalpha(first) || first == '_' || first == '(' || first >= 0x80)) return false;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      uint32_t cp = 0;
      const size_t len = DecodeUtf8(s, i, cp);
      if (len == 0 || NeedsEscape(cp)) return false;
      i += len;
      continue;
    }
    if (!(std::isalnum(c) || c == ' ' || c == '_' || c == '-' || c == '.' || c == '/' || c == '(' ||
          c == ')' || c == '+' || c == ';' || c == '='))
      return false;
    ++i;
  }
  return true;
}

std::string DoubleQuoted(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(s, i, cp);
    if (len == 0) {
      // Not UTF-8: YAML cannot carry the byte itself; write it as the Latin-1 code point.
      cp = static_cast<unsigned char>(s[i]);
      len = 1;
      out += "\\x";
      out += kHex[cp >> 4];
      out += kHex[cp & 15];
      i += len;
      continue;
    }
    if (cp == '"') {
      out += "\\\"";
    } else if (cp == '\\') {
      out += "\\\\";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (NeedsEscape(cp)) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out + "\"";
}

/// A string scalar in flow or block context.
std::string Str(std::string_view s) { return PlainSafe(s) ? std::string(s) : DoubleQuoted(s); }

/// A numeric value name (integer / real issue values) as a plain number.
std::string ValueScalar(const Issue& issue, ValueIndex v) {
  return issue.kind == IssueKind::kDiscrete ? Str(issue.values[v]) : NativeValueName(issue, v);
}

/// Multi-line text as a literal block when that reproduces it exactly, else double-quoted.
std::string Text(std::string_view s, int indent) {
  bool block = s.find('\n') != std::string_view::npos && !s.empty() && s.front() != ' ' &&
               s.front() != '\n' && s.front() != '\t';
  for (size_t i = 0; block && i < s.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(s, i, cp);
    if (len == 0 || (NeedsEscape(cp) && cp != '\n' && cp != '\t')) block = false;
    // Trailing blanks on a line survive a literal block, but editors strip them: quote instead.
    if (cp == '\n' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t')) block = false;
    i += len ? len : 1;
  }
  if (block && (s.back() == ' ' || s.back() == '\t')) block = false;
  if (!block) return Str(s);
  size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
  if (trailing == s.size()) return Str(s);
  std::string out = trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
  const std::string pad(indent, ' ');
  size_t start = 0;
  // The line break that ends the last line comes from the caller; a clipped or kept block adds
  // the breaks before it back.
  const std::string_view body = trailing == 0 ? s : s.substr(0, s.size() - 1);
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    out += "\n";
    if (end > start) out += pad + std::string(body.substr(start, end - start));
    if (end == body.size()) break;
    start = end + 1;
  }
  return out;
}

class Writer {
 public:
  explicit Writer(const Scenario& s) : s_(s) {}
  std::string Write();

 private:
  void Line(int indent, const std::string& text) {
    out_.append(indent, ' ');
    out_ += text;
    out_ += '\n';
  }
  void WriteIssue(const Issue& issue);
  void WriteParty(const Party& party);
  void WriteValueFunction(int indent, const Issue& issue, const ValueFunction& f);
  void ValueMap(const Issue& issue, const std::vector<double>& table, int indent,
                const std::string& key);
  void WriteNode(int indent, const RectangleNode& node);
  void WriteBound(int indent, const RectangleBound& b);
  std::string ClauseText(const Clause& c);
  std::string NameList(const std::vector<size_t>& idx, bool issues);

  const Scenario& s_;
  std::string out_;
};

std::string Writer::NameList(const std::vector<size_t>& idx, bool issues) {
  std::string out = "[";
  for (size_t k = 0; k < idx.size(); ++k) {
    if (k) out += ", ";
    out += Str(issues ? s_.space.issue(idx[k]).name : s_.parties[idx[k]].name);
  }
  return out + "]";
}

void Writer::WriteIssue(const Issue& issue) {
  Line(2, "- name: " + Str(issue.name));
  switch (issue.kind) {
    case IssueKind::kDiscrete: {
      std::string values = "values: [";
      for (size_t v = 0; v < issue.values.size(); ++v) {
        if (v) values += ", ";
        values += Str(issue.values[v]);
      }
      values += "]";
      if (4 + values.size() <= kLineWidth) {
        Line(4, values);
      } else {
        Line(4, "values:");
        for (const auto& value : issue.values) Line(6, "- " + Str(value));
      }
      break;
    }
    case IssueKind::kInteger:
      Line(4, "type: integer");
      Line(4, "min: " + std::to_string(issue.int_min));
      Line(4, "max: " + std::to_string(issue.int_max));
      break;
    case IssueKind::kReal:
      Line(4, "type: real");
      Line(4, "min: " + FormatDouble(issue.real_min));
      Line(4, "max: " + FormatDouble(issue.real_max));
      Line(4, "resolution: " + std::to_string(issue.resolution));
      break;
  }
}

void Writer::ValueMap(const Issue& issue, const std::vector<double>& table, int indent,
                      const std::string& key) {
  // Maps that fit in the line width go on one line; longer ones get a line per value.
  if (table.size() <= kMaxFlowItems) {
    std::string text = key + ": {";
    for (size_t v = 0; v < table.size(); ++v) {
      if (v) text += ", ";
      text += ValueScalar(issue, static_cast<ValueIndex>(v)) + ": " + FormatDouble(table[v]);
    }
    text += "}";
    if (indent + text.size() <= kLineWidth) {
      Line(indent, text);
      return;
    }
  }
  Line(indent, key + ":");
  for (size_t v = 0; v < table.size(); ++v)
    Line(indent + 2,
         ValueScalar(issue, static_cast<ValueIndex>(v)) + ": " + FormatDouble(table[v]));
}

void Writer::WriteValueFunction(int indent, const Issue& issue, const ValueFunction& f) {
  const std::string key = Str(issue.name);
  if (f.form == ValueFunction::Form::kTable || issue.kind == IssueKind::kDiscrete) {
    ValueMap(issue, f.table, indent, key);
    return;
  }
  Line(indent, key + ":");
  switch (f.form) {
    case ValueFunction::Form::kLinear:
      Line(indent + 2,
           "linear: {slope: " + FormatDouble(f.a) + ", offset: " + FormatDouble(f.b) + "}");
      break;
    case ValueFunction::Form::kConstant:
      Line(indent + 2, "constant: {value: " + FormatDouble(f.a) + "}");
      break;
    case ValueFunction::Form::kTriangular:
      Line(indent + 2, "triangular: {lower: " + FormatDouble(f.a) +
                           ", upper: " + FormatDouble(f.b) + ", top: " + FormatDouble(f.c) + "}");
      break;
    case ValueFunction::Form::kTable:
      break;
  }
  // The table is the truth; write it too unless the native reader, given the form alone, would
  // compute it bit for bit. That reader does not clamp (GENIUS clamps its linear evaluator to
  // [0, 1] and rejects nothing), so a form that leaves [0, 1] anywhere is written with its table.
  if (native_internal::FormValues(f, issue) != f.table)
    ValueMap(issue, f.table, indent + 2, "table");
}

void Writer::WriteBound(int indent, const RectangleBound& b) {
  const Issue& issue = s_.space.issue(b.issue);
  std::string text = "- {issue: " + Str(issue.name);
  if (b.min == b.max) {
    text += ", value: " + ValueScalar(issue, b.min) + "}";
  } else {
    text += ", min: " + ValueScalar(issue, b.min) + ", max: " + ValueScalar(issue, b.max) + "}";
  }
  Line(indent, text);
}

void Writer::WriteNode(int indent, const RectangleNode& node) {
  static constexpr const char* kAggregation[] = {"sum", "min", "max"};
  Line(indent, std::string("- aggregation: ") + kAggregation[static_cast<int>(node.aggregation)]);
  if (node.weight != 1) Line(indent + 2, "weight: " + FormatDouble(node.weight));
  if (!node.rectangles.empty()) {
    Line(indent + 2, "rectangles:");
    for (const auto& rect : node.rectangles) {
      Line(indent + 4, "- utility: " + FormatDouble(rect.utility));
      if (!rect.includes.empty()) {
        Line(indent + 6, "includes:");
        for (const auto& b : rect.includes) WriteBound(indent + 8, b);
      }
      if (!rect.excludes.empty()) {
        Line(indent + 6, "excludes:");
        for (const auto& b : rect.excludes) WriteBound(indent + 8, b);
      }
    }
  }
  if (!node.children.empty()) {
    Line(indent + 2, "children:");
    for (const auto& child : node.children) WriteNode(indent + 4, child);
  }
}

std::string Writer::ClauseText(const Clause& c) {
  const Issue& issue = s_.space.issue(c.issue);
  std::string text = Str(issue.name) + ": [";
  for (size_t k = 0; k < c.allowed.size(); ++k) {
    if (k) text += ", ";
    text += ValueScalar(issue, c.allowed[k]);
  }
  return text + "]";
}

void Writer::WriteParty(const Party& party) {
  const Profile& p = party.profile;
  Line(2, "- name: " + Str(party.name));
  Line(4, "profile:");
  if (p.name != party.name) Line(6, "name: " + Str(p.name));
  if (!p.IsAdditive()) Line(6, "type: hyper-rectangles");
  Line(6, "reservation_value: " + FormatDouble(p.reservation_value));
  if (p.discount_factor != 1) Line(6, "discount_factor: " + FormatDouble(p.discount_factor));
  if (p.IsAdditive()) {
    const AdditiveUtility& add = p.additive();
    if (add.capped) Line(6, "capped: true");
    Line(6, "weights:");
    for (size_t i = 0; i < add.weights.size(); ++i)
      Line(8, Str(s_.space.issue(i).name) + ": " + FormatDouble(add.weights[i]));
    // An issue the party gives no weight and no value may be left out (it reads back as 0).
    auto omitted = [&](size_t i) {
      const ValueFunction& f = add.issues[i];
      return add.weights[i] == 0 && f.form == ValueFunction::Form::kTable &&
             std::all_of(f.table.begin(), f.table.end(), [](double u) { return u == 0; });
    };
    bool header = false;
    for (size_t i = 0; i < add.issues.size(); ++i) {
      if (omitted(i)) continue;
      if (!header) Line(6, "values:");
      header = true;
      WriteValueFunction(8, s_.space.issue(i), add.issues[i]);
    }
  } else {
    const HyperRectangleUtility& nl = p.rectangles();
    Line(6, "max_utility: " + FormatDouble(nl.max_utility));
    if (nl.nodes.empty()) {
      Line(6, "nodes: []");
    } else {
      Line(6, "nodes:");
      for (const auto& node : nl.nodes) WriteNode(8, node);
    }
  }
  if (!p.constraints.empty()) {
    Line(6, "constraints:");
    for (const auto& c : p.constraints) {
      bool first = true;
      auto item = [&](const std::string& text) {
        Line(first ? 8 : 10, (first ? "- " : "") + text);
        first = false;
      };
      if (!c.description.empty()) item("description: " + Text(c.description, 12));
      if (!c.when.empty()) {
        std::set<size_t> issues;
        for (const auto& w : c.when) issues.insert(w.issue);
        std::string when;
        if (issues.size() == c.when.size()) {
          when = "when: {";
          for (size_t k = 0; k < c.when.size(); ++k)
            when += (k ? ", " : "") + ClauseText(c.when[k]);
          when += "}";
        } else {  // the same issue twice: a list of one-issue mappings keeps them apart
          when = "when: [";
          for (size_t k = 0; k < c.when.size(); ++k)
            when += std::string(k ? ", " : "") + "{" + ClauseText(c.when[k]) + "}";
          when += "]";
        }
        item(when);
      }
      item("then: {" + ClauseText(c.then) + "}");
    }
  }
}

std::string Writer::Write() {
  out_ += "# parley native scenario; format: docs/scenario-format.md\n";
  Line(0, "version: 1");
  Line(0, "name: " + Str(s_.name));
  if (!s_.description.empty()) Line(0, "description: " + Text(s_.description, 2));
  Line(0, "source: " + Text(s_.source, 2));
  Line(0, "issues:");
  for (const auto& issue : s_.space.issues()) WriteIssue(issue);
  Line(0, "parties:");
  for (const auto& party : s_.parties) WriteParty(party);
  const Rules& rules = s_.rules;
  if (rules.tracks.empty() && rules.ratifiers.empty() && rules.single_undertaking) return out_;
  Line(0, "rules:");
  Line(2, std::string("single_undertaking: ") + (rules.single_undertaking ? "true" : "false"));
  if (!rules.ratifiers.empty()) Line(2, "ratifiers: " + NameList(rules.ratifiers, false));
  if (!rules.tracks.empty()) {
    Line(2, "tracks:");
    for (const auto& track : rules.tracks) {
      Line(4, "- name: " + Str(track.name));
      Line(6, "issues: " + NameList(track.issues, true));
      Line(6, "parties: " + NameList(track.parties, false));
      if (track.opens_after) Line(6, "opens_after: " + Str(rules.tracks[*track.opens_after].name));
    }
  }
  return out_;
}

}  // namespace

std::string NativeText(const Scenario& scenario) { return Writer(scenario).Write(); }

}  // namespace parley
