#include "io_util.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace parley::io_internal {

Result<std::string> ReadTextFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Error::NotFound("no such file", path);
  if (std::filesystem::is_directory(path, ec))
    return Error::BadInput("expected a file, found a folder", path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::BadInput("cannot open the file for reading", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Error::BadInput("cannot read the file", path);
  return buffer.str();
}

Status WriteTextFile(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Error::BadInput("cannot open the file for writing", path);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Error::BadInput("cannot write the file", path);
  return {};
}

LineIndex::LineIndex(std::string_view text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts_.push_back(i + 1);
}

int LineIndex::LineOf(size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<int>(it - line_starts_.begin());
}

std::string FormatDouble(double x) {
  if (x == 0) return "0";  // also turns -0 into 0
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, end);
}

namespace {
std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}
}  // namespace

bool ParseDouble(std::string_view text, double& out) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc::result_out_of_range) {
    out = std::numeric_limits<double>::infinity();
    return ptr == text.data() + text.size();
  }
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool ParseInt(std::string_view text, long long& out) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

void NoteDroppedRules(const Scenario& scenario, const std::vector<std::string>& profile_stems,
                      std::string_view format, std::vector<std::string>& dropped) {
  const std::string name(format);
  if (!std::is_sorted(profile_stems.begin(), profile_stems.end(),
                      [](const std::string& a, const std::string& b) { return NaturalLess(a, b); }))
    dropped.push_back("party order: a " + name +
                      " folder's profiles load in natural file-name order");
  if (!scenario.rules.tracks.empty())
    dropped.push_back(std::to_string(scenario.rules.tracks.size()) + " track(s) of the agenda (" +
                      name + " has no tracks)");
  if (!scenario.rules.ratifiers.empty())
    dropped.push_back("ratifying parties (" + name + " has no ratification)");
  if (!scenario.rules.single_undertaking)
    dropped.push_back("issue-by-issue binding (" + name + " has no rules)");
  if (!scenario.description.empty()) dropped.push_back("the scenario's description");
}

Result<WriteReport> WriteScenarioFolder(const std::string& folder,
                                        const std::string& domain_file_name,
                                        std::string_view domain_text,
                                        const std::vector<std::string>& profile_file_names,
                                        const std::vector<std::string>& profile_texts,
                                        std::vector<std::string> dropped) {
  std::error_code ec;
  const std::filesystem::path dir(folder);
  // Scenario files already there that this write would not replace would be read back with the
  // new ones (extra parties, a second domain): refuse before writing anything.
  if (std::filesystem::is_directory(dir, ec)) {
    std::set<std::string> ours(profile_file_names.begin(), profile_file_names.end());
    ours.insert(domain_file_name);
    std::vector<std::string> stray;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      const std::string ext = FileExtension(name);
      if (name.empty() || name[0] == '.' || (ext != ".xml" && ext != ".json")) continue;
      if (!ours.count(name) && !entry.is_directory(ec)) stray.push_back(name);
    }
    if (ec) return Error::BadInput("cannot list the folder: " + ec.message(), folder);
    if (!stray.empty()) {
      std::sort(stray.begin(), stray.end(),
                [](const std::string& a, const std::string& b) { return NaturalLess(a, b); });
      std::string names;
      for (size_t k = 0; k < stray.size() && k < 5; ++k) names += (k ? ", " : "") + stray[k];
      if (stray.size() > 5) names += " and " + std::to_string(stray.size() - 5) + " more";
      return Error::BadInput(
          "the folder already holds scenario files that this conversion would "
          "not replace (" +
              names + "); they would be read back with it: give a new or empty folder",
          folder, 0, "output");
    }
  }
  std::filesystem::create_directories(folder, ec);
  if (ec) return Error::BadInput("cannot create the folder: " + ec.message(), folder);
  WriteReport report;
  const std::string domain_path = (dir / domain_file_name).string();
  PARLEY_RETURN_IF_ERROR(WriteTextFile(domain_path, domain_text));
  report.files.push_back(domain_path);
  for (size_t p = 0; p < profile_texts.size(); ++p) {
    const std::string path = (dir / profile_file_names[p]).string();
    PARLEY_RETURN_IF_ERROR(WriteTextFile(path, profile_texts[p]));
    report.files.push_back(path);
  }
  report.dropped = std::move(dropped);
  return report;
}

bool NaturalLess(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t i0 = i, j0 = j;
      while (i0 < a.size() && a[i0] == '0') ++i0;
      while (j0 < b.size() && b[j0] == '0') ++j0;
      size_t i1 = i0, j1 = j0;
      while (i1 < a.size() && digit(a[i1])) ++i1;
      while (j1 < b.size() && digit(b[j1])) ++j1;
      if (i1 - i0 != j1 - j0) return i1 - i0 < j1 - j0;
      const int cmp = a.substr(i0, i1 - i0).compare(b.substr(j0, j1 - j0));
      if (cmp != 0) return cmp < 0;
      i = i1;
      j = j1;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i;
    ++j;
  }
  if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
  return a < b;  // equal up to leading zeros: fall back to plain order for a strict ordering
}

std::string FileStem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

std::string FileExtension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

std::string SafeFileName(std::string_view name) {
  std::string out;
  for (char c : name) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

}  // namespace parley::io_internal
