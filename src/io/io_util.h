#pragma once

/// \file
/// Small helpers shared by the scenario readers and writers (internal to the io module):
/// reading and writing whole files, turning byte offsets into line numbers, formatting numbers
/// so that they read back to the same double, and ordering file names naturally.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parley/core/result.h"
#include "parley/io/scenario_io.h"
#include "parley/preference/scenario.h"

namespace parley::io_internal {

/// Reads a whole file. NotFound when it does not exist, BadInput when it cannot be read.
Result<std::string> ReadTextFile(const std::string& path);
/// Writes (replaces) a whole file.
Status WriteTextFile(const std::string& path, std::string_view text);

/// Maps byte offsets in a text to 1-based line numbers. Built once per file: O(n) to build,
/// O(log lines) per lookup. The text need not outlive the index.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  /// Line of the byte at `offset` (offsets past the end give the last line).
  int LineOf(size_t offset) const;

 private:
  std::vector<size_t> line_starts_;
};

/// Shortest text that reads back to exactly `x` ("0.25", "1e-07", "3").
std::string FormatDouble(double x);
/// Parses a whole string as a finite or non-finite double ("nan" and "inf" parse, so that
/// callers can reject them with a precise message). False when it is not a number at all.
bool ParseDouble(std::string_view text, double& out);
/// Parses a whole string as a base-10 signed integer that fits int64.
bool ParseInt(std::string_view text, long long& out);

/// "a2" < "a10": compares runs of digits by value, the rest byte by byte.
bool NaturalLess(std::string_view a, std::string_view b);

/// The file name without folders and without its last extension ("dir/party1.xml" -> "party1").
std::string FileStem(const std::string& path);
/// Lower-cased extension with the dot (".xml"), or "" when there is none.
std::string FileExtension(const std::string& path);
/// Appends to `dropped` what a folder format without agenda rules (GENIUS, GeniusWeb, named by
/// `format`) cannot express of `scenario`: a party order that the profiles' file names
/// (`profile_stems`, in party order) would not keep when read back, tracks, ratifiers,
/// issue-by-issue binding, the description.
void NoteDroppedRules(const Scenario& scenario, const std::vector<std::string>& profile_stems,
                      std::string_view format, std::vector<std::string>& dropped);

/// Writes a rendered scenario folder (created if missing): the domain file, then one file per
/// profile. The report lists the files and carries `dropped`. BadInput, before anything is
/// written, when the folder already holds .xml or .json files that this write would not replace
/// (the folder would not read back as the scenario written).
Result<WriteReport> WriteScenarioFolder(const std::string& folder,
                                        const std::string& domain_file_name,
                                        std::string_view domain_text,
                                        const std::vector<std::string>& profile_file_names,
                                        const std::vector<std::string>& profile_texts,
                                        std::vector<std::string> dropped);

/// A file name made from `name`: characters outside [A-Za-z0-9._-] become '_'; never empty.
std::string SafeFileName(std::string_view name);

}  // namespace parley::io_internal
