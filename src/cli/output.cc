#include "output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace parley::cli {

std::string FormatUtility(double value) {
  if (std::isnan(value)) return "nan";
  std::string text = fmt::format("{:.4f}", value);
  if (text == "-0.0000") text = "0.0000";
  return text;
}

namespace {
constexpr double kMaxExactCount = 9007199254740992.0;  // 2^53
}  // namespace

std::string FormatPercent(double share) {
  if (!std::isfinite(share)) return "unknown";
  std::string text = fmt::format("{:.2f}%", share * 100);
  if (text == "-0.00%") text = "0.00%";
  return text;
}

Json CountJson(double count) {
  if (std::isfinite(count) && count >= 0 && count <= kMaxExactCount && std::floor(count) == count)
    return static_cast<uint64_t>(count);
  if (!std::isfinite(count)) return FormatCount(count);  // nlohmann would write null
  return count;
}

namespace {
std::vector<uint64_t> IssueSizes(const OutcomeSpace& space) {
  std::vector<uint64_t> sizes;
  for (const Issue& issue : space.issues()) sizes.push_back(issue.Cardinality());
  return sizes;
}
}  // namespace

std::string SpaceSizeText(const OutcomeSpace& space) { return FormatProduct(IssueSizes(space)); }

Json SpaceSizeJson(const OutcomeSpace& space) {
  const double size = space.Size();
  if (std::isfinite(size)) return CountJson(size);
  return SpaceSizeText(space);
}

size_t DisplayWidth(std::string_view text) {
  // Count every byte that does not continue a UTF-8 sequence.
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::vector<std::string> WrapText(std::string_view text, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (end == i) break;
    const std::string_view word = text.substr(i, end - i);
    if (!line.empty() && DisplayWidth(line) + 1 + DisplayWidth(word) > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    i = end;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

void TextTable::AddColumn(std::string header, Align align) {
  columns_.push_back({std::move(header), align});
}

void TextTable::AddRow(std::vector<std::string> cells) { rows_.push_back({std::move(cells)}); }

void TextTable::AddLine(std::string text) { rows_.push_back({{std::move(text)}, true}); }

std::string TextTable::Render(size_t indent, size_t gap) const {
  const size_t n = columns_.size();
  std::vector<size_t> width(n, 0);
  bool has_header = false;
  for (size_t c = 0; c < n; ++c) {
    width[c] = DisplayWidth(columns_[c].header);
    has_header = has_header || !columns_[c].header.empty();
  }
  for (const Row& row : rows_) {
    if (row.verbatim) continue;
    for (size_t c = 0; c < n && c < row.cells.size(); ++c)
      width[c] = std::max(width[c], DisplayWidth(row.cells[c]));
  }

  const std::string margin(indent, ' ');
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    std::string line = margin;
    for (size_t c = 0; c < n; ++c) {
      const std::string empty;
      const std::string& cell = c < cells.size() ? cells[c] : empty;
      const size_t pad = width[c] - DisplayWidth(cell);
      const bool last = c + 1 == n;
      if (c > 0) line.append(gap, ' ');
      if (columns_[c].align == Align::kRight) {
        line.append(pad, ' ');
        line += cell;
      } else {
        line += cell;
        if (!last) line.append(pad, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  };

  if (has_header) {
    std::vector<std::string> headers;
    for (const Column& column : columns_) headers.push_back(column.header);
    emit(headers);
  }
  for (const Row& row : rows_) {
    if (row.verbatim) {
      out += margin + row.cells[0] + '\n';
    } else {
      emit(row.cells);
    }
  }
  return out;
}

Json ValueJson(const Issue& issue, ValueIndex index) {
  switch (issue.kind) {
    case IssueKind::kDiscrete:
      return issue.ValueName(index);
    case IssueKind::kInteger:
      return issue.int_min + static_cast<int64_t>(index);
    case IssueKind::kReal:
      return issue.NumericValue(index);
  }
  return nullptr;
}

Json OutcomeJson(const OutcomeSpace& space, const Outcome& outcome) {
  Json json = Json::object();
  for (size_t i = 0; i < space.NumIssues() && i < outcome.size(); ++i)
    json[space.issue(i).name] = ValueJson(space.issue(i), outcome[i]);
  return json;
}

std::string OutcomeText(const OutcomeSpace& space, const Outcome& outcome) {
  std::string text;
  for (size_t i = 0; i < space.NumIssues() && i < outcome.size(); ++i) {
    if (i > 0) text += ", ";
    text += space.issue(i).name;
    text += '=';
    text += space.issue(i).ValueName(outcome[i]);
  }
  return text;
}

Json IssueJson(const Issue& issue) {
  Json json = Json::object();
  json["name"] = issue.name;
  json["kind"] = std::string(IssueKindName(issue.kind));
  switch (issue.kind) {
    case IssueKind::kDiscrete:
      json["values"] = issue.values;
      break;
    case IssueKind::kInteger:
      json["min"] = issue.int_min;
      json["max"] = issue.int_max;
      break;
    case IssueKind::kReal:
      json["min"] = issue.real_min;
      json["max"] = issue.real_max;
      json["resolution"] = issue.resolution;
      break;
  }
  return json;
}

std::string IssueSummary(const Issue& issue) {
  switch (issue.kind) {
    case IssueKind::kDiscrete:
      return fmt::format("{} value{}", issue.values.size(), issue.values.size() == 1 ? "" : "s");
    case IssueKind::kInteger:
      return fmt::format("integers {}..{}", issue.int_min, issue.int_max);
    case IssueKind::kReal:
      return fmt::format("reals {}..{} ({} points)", issue.ValueName(0),
                         issue.ValueName(issue.resolution > 0 ? issue.resolution - 1 : 0),
                         issue.resolution);
  }
  return {};
}

void PrintJson(const Json& json, std::FILE* out) {
  const std::string text = json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fputs(text.c_str(), out);
  std::fputc('\n', out);
}

std::string ErrorLine(const Error& error) { return "parley: " + error.ToString(); }

int ReportError(const Error& error) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s\n", ErrorLine(error).c_str());
  return error.ExitCode();
}

Status CheckNoEmptyAgent(const std::string& text) {
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    if (item.find_first_not_of(" \t") == std::string::npos) {
      return Error::BadInput(
          "empty agent in '" + text + "' (two commas in a row, or a comma at an end)", {}, 0,
          "--agents");
    }
    if (comma == std::string::npos) return {};
    start = comma + 1;
  }
}

}  // namespace parley::cli
