#include "parley/io/scenario_io.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "io_util.h"
#include "parley/core/text.h"
#include "parley/io/genius.h"
#include "parley/io/geniusweb.h"
#include "parley/io/native.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using io_internal::FileExtension;

bool IsNativeExtension(const std::string& ext) { return ext == ".yaml" || ext == ".yml"; }

// Which files of a folder are skipped and which are broken scenario files (docs/formats.md,
// "Folders"). A scenario file that is broken must be an error, or a party quietly goes missing;
// a file that is no scenario file at all (ANAC 2014's plain-text pareto.xml, ANL's
// specials.json) is skipped with a note.

/// The text after a byte order mark and white space.
std::string_view Content(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  return text;
}

/// Lower-cased letters and digits only: "Utility_Space" -> "utilityspace".
std::string Normalized(std::string_view name) {
  std::string out;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// True when `name` (an element or key) is one of `targets` or a near miss of one: equal up to
/// case and punctuation, within 3 edits, or containing it.
bool Resembles(std::string_view name, std::initializer_list<std::string_view> targets) {
  const std::string n = Normalized(name);
  for (std::string_view target : targets)
    if (n.find(target) != std::string::npos || EditDistance(n, target, 3) <= 3) return true;
  return false;
}

/// True when a file that failed to parse still looks like it was meant to be a scenario file.
bool LooksLikeGenius(std::string_view text) {
  return text.find("<utility_space") != std::string_view::npos ||
         text.find("<negotiation_template") != std::string_view::npos;
}

/// The root element of a well-formed XML text and its line.
std::pair<std::string, int> RootElement(std::string_view text) {
  pugi::xml_document doc;
  doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
  const pugi::xml_node root = doc.document_element();
  const ptrdiff_t offset = root.offset_debug();
  const int line =
      offset < 0 ? 1 : io_internal::LineIndex(text).LineOf(static_cast<size_t>(offset));
  return {root.name(), line};
}

/// True when a JSON file of neither shape has a top-level key that is a near miss of a GeniusWeb
/// profile's or domain's: a profile or domain with a typo, not some other JSON.
bool ResemblesGeniusWeb(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (!j.is_object()) return false;
  for (const auto& [key, value] : j.items())
    if (Resembles(key, {"utilityspace", "linearadditiveutilityspace", "issuesvalues"})) return true;
  return false;
}

std::string Name(const std::string& path) { return fs::path(path).filename().string(); }

Result<LoadedScenario> LoadGeniusFiles(const std::vector<std::string>& files, bool from_folder,
                                       const LoadOptions& options, LoadedScenario loaded) {
  std::vector<std::string> domains, profiles;
  for (const std::string& file : files) {
    if (FileExtension(file) != ".xml") {
      if (!from_folder) return Error::BadInput("expected a GENIUS .xml file", file, 0, "format");
      loaded.notes.push_back("skipped " + Name(file) + ": not a GENIUS .xml file");
      continue;
    }
    PARLEY_ASSIGN_OR_RETURN(std::string text, io_internal::ReadTextFile(file));
    switch (ClassifyGeniusText(text)) {
      case GeniusFileKind::kDomain:
        domains.push_back(file);
        break;
      case GeniusFileKind::kProfile:
        profiles.push_back(file);
        break;
      case GeniusFileKind::kNotXml:
        if (Content(text).empty())
          return Error::BadInput(
              "the file is empty; expected a GENIUS domain (<negotiation_template>) or profile "
              "(<utility_space>)",
              file, 1, "xml");
        if (!from_folder || Content(text).front() == '<' || LooksLikeGenius(text)) {
          // Report the parser's own error, with its line.
          auto parsed = ParseGeniusDomain(text, file, options);
          if (!parsed) return parsed.error();
          return Error::BadInput("not well-formed XML", file, 0, "xml");
        }
        loaded.notes.push_back("skipped " + Name(file) +
                               ": plain text, not XML (e.g. ANAC 2014's pareto.xml)");
        break;
      case GeniusFileKind::kNotGenius: {
        const auto [root, line] = RootElement(text);
        if (!from_folder || Resembles(root, {"utilityspace", "negotiationtemplate"}))
          return Error::BadInput(
              "not a GENIUS file: root element <" + root +
                  ">, expected <negotiation_template> (a domain) or <utility_space> (a profile)",
              file, line, "root");
        loaded.notes.push_back("skipped " + Name(file) + ": XML, but not a GENIUS file (root <" +
                               root + ">)");
        break;
      }
    }
  }
  const std::string where =
      from_folder ? fs::path(files.front()).parent_path().string() : std::string(files.front());
  if (domains.empty())
    return Error::BadInput("no GENIUS domain file (root element <negotiation_template>)", where, 0,
                           "negotiation_template");
  if (domains.size() > 1)
    return Error::BadInput(
        "more than one GENIUS domain file: " + Name(domains[0]) + " and " + Name(domains[1]), where,
        0, "negotiation_template");
  PARLEY_ASSIGN_OR_RETURN(Scenario scenario,
                          ReadGenius(domains[0], profiles, options, &loaded.notes));
  loaded.scenario = std::move(scenario);
  loaded.format = ScenarioFormat::kGenius;
  return loaded;
}

Result<LoadedScenario> LoadGeniusWebFiles(const std::vector<std::string>& files, bool from_folder,
                                          const LoadOptions& options, LoadedScenario loaded) {
  std::vector<std::string> chosen;
  for (const std::string& file : files) {
    if (FileExtension(file) != ".json") {
      if (!from_folder)
        return Error::BadInput("expected a GeniusWeb .json file", file, 0, "format");
      loaded.notes.push_back("skipped " + Name(file) + ": not a GeniusWeb .json file");
      continue;
    }
    PARLEY_ASSIGN_OR_RETURN(std::string text, io_internal::ReadTextFile(file));
    switch (ClassifyGeniusWebText(text)) {
      case GeniusWebFileKind::kDomain:
      case GeniusWebFileKind::kProfile:
        chosen.push_back(file);
        break;
      case GeniusWebFileKind::kNotJson:
        // No companion of GeniusWeb scenarios is a .json file that is not JSON: this is a broken
        // one (empty, truncated, mistyped). The reader reports the parse error with its line.
        chosen.push_back(file);
        break;
      case GeniusWebFileKind::kOther:
        if (!from_folder || ResemblesGeniusWeb(text)) {
          chosen.push_back(file);  // the reader says what it expected
          break;
        }
        loaded.notes.push_back("skipped " + Name(file) +
                               ": JSON, but neither a GeniusWeb profile nor a domain");
        break;
    }
  }
  PARLEY_ASSIGN_OR_RETURN(Scenario scenario, ReadGeniusWeb(chosen, options, &loaded.notes));
  loaded.scenario = std::move(scenario);
  loaded.format = ScenarioFormat::kGeniusWeb;
  return loaded;
}

Result<LoadedScenario> LoadNativeFile(const std::string& file, const LoadOptions& options,
                                      LoadedScenario loaded) {
  PARLEY_ASSIGN_OR_RETURN(Scenario scenario, ReadNativeFile(file, options));
  loaded.scenario = std::move(scenario);
  loaded.format = ScenarioFormat::kNative;
  return loaded;
}

Result<LoadedScenario> LoadBuiltin(std::string_view name) {
  PARLEY_ASSIGN_OR_RETURN(Scenario scenario, LoadBuiltinScenario(name));
  LoadedScenario loaded;
  loaded.scenario = std::move(scenario);
  loaded.format = ScenarioFormat::kNative;
  loaded.notes.push_back("the built-in scenario '" + std::string(name) + "'");
  return loaded;
}

Result<LoadedScenario> LoadFolder(const std::string& folder, const LoadOptions& options) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (entry.is_regular_file(ec)) files.push_back(entry.path().string());
  }
  if (ec) return Error::BadInput("cannot list the folder: " + ec.message(), folder);
  std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
    return io_internal::NaturalLess(Name(a), Name(b));
  });
  if (files.empty())
    return Error::BadInput("the folder holds no files (give a folder with one scenario's files)",
                           folder);

  std::optional<ScenarioFormat> format = options.format;
  if (!format) {
    size_t xml = 0, json = 0, native = 0;
    bool genius_domain = false;
    for (const std::string& file : files) {
      const std::string ext = FileExtension(file);
      if (ext == ".xml") {
        ++xml;
        auto text = io_internal::ReadTextFile(file);
        if (text && ClassifyGeniusText(*text) == GeniusFileKind::kDomain) genius_domain = true;
      }
      if (ext == ".json") ++json;
      if (IsNativeExtension(ext)) ++native;
    }
    if (genius_domain || (xml > 0 && json == 0 && native == 0))
      format = ScenarioFormat::kGenius;
    else if (json > 0)
      format = ScenarioFormat::kGeniusWeb;
    else if (native > 0)
      format = ScenarioFormat::kNative;
    else
      return Error::BadInput(
          "no scenario files in the folder (expected a GENIUS domain and profiles (.xml), "
          "GeniusWeb profiles (.json) or a native scenario (.yaml))",
          folder);
  }
  LoadedScenario loaded;
  Result<LoadedScenario> result = Error::Internal("unreachable");
  switch (*format) {
    case ScenarioFormat::kGenius:
      result = LoadGeniusFiles(files, true, options, std::move(loaded));
      break;
    case ScenarioFormat::kGeniusWeb:
      result = LoadGeniusWebFiles(files, true, options, std::move(loaded));
      break;
    case ScenarioFormat::kNative: {
      // A native scenario is one file; a folder holding exactly one is that scenario.
      std::vector<std::string> yaml;
      for (const std::string& file : files)
        if (IsNativeExtension(FileExtension(file))) yaml.push_back(file);
      if (yaml.size() != 1)
        return Error::BadInput(yaml.empty() ? "no native scenario (.yaml) in the folder"
                                            : "more than one native scenario (.yaml) in the "
                                              "folder: give the file",
                               folder, 0, "scenario");
      for (const std::string& file : files)
        if (file != yaml[0]) loaded.notes.push_back("skipped " + Name(file));
      return LoadNativeFile(yaml[0], options, std::move(loaded));
    }
  }
  if (result) {
    const std::string name = fs::path(folder).lexically_normal().filename().string();
    result->scenario.name =
        name.empty() ? fs::path(folder).lexically_normal().parent_path().filename().string() : name;
    result->scenario.source = folder;
  }
  return result;
}

}  // namespace

std::string_view FormatName(ScenarioFormat format) {
  switch (format) {
    case ScenarioFormat::kNative:
      return "native";
    case ScenarioFormat::kGenius:
      return "genius";
    case ScenarioFormat::kGeniusWeb:
      return "geniusweb";
  }
  return "?";
}

std::optional<ScenarioFormat> ParseFormatName(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "native" || lower == "yaml") return ScenarioFormat::kNative;
  if (lower == "genius" || lower == "xml") return ScenarioFormat::kGenius;
  if (lower == "geniusweb" || lower == "json") return ScenarioFormat::kGeniusWeb;
  return std::nullopt;
}

Result<LoadedScenario> LoadScenario(std::span<const std::string> paths,
                                    const LoadOptions& options) {
  if (paths.empty()) return LoadBuiltin(BuiltinScenarioNames().front());
  std::error_code ec;
  if (paths.size() == 1 && !fs::exists(paths[0], ec)) {
    const std::vector<std::string> names = BuiltinScenarioNames();
    if (std::find(names.begin(), names.end(), paths[0]) != names.end())
      return LoadBuiltin(paths[0]);
  }
  if (paths.size() == 1 && fs::is_directory(paths[0], ec)) return LoadFolder(paths[0], options);
  std::vector<std::string> files(paths.begin(), paths.end());
  const std::vector<std::string> builtins = BuiltinScenarioNames();
  auto is_builtin = [&](const std::string& name) {
    return std::find(builtins.begin(), builtins.end(), name) != builtins.end();
  };
  // A missing file is named before a built-in name in the list ("doha-2019 market": the
  // problem a user must fix is "market", not the built-in scenario).
  const std::string* builtin_in_list = nullptr;
  for (const std::string& file : files) {
    if (fs::is_directory(file, ec))
      return Error::BadInput("give either one folder or a list of files, not both", file, 0,
                             "scenario");
    if (!fs::exists(file, ec)) {
      if (is_builtin(file)) {
        if (!builtin_in_list) builtin_in_list = &file;
        continue;
      }
      std::string names;
      for (const std::string& n : builtins) names += (names.empty() ? "" : ", ") + n;
      return Error::NotFound("no such file or folder (built-in scenarios: " + names + ")", file,
                             "scenario");
    }
  }
  if (builtin_in_list)
    return Error::BadInput(
        "a built-in scenario cannot be combined with files or other scenarios; give it alone",
        *builtin_in_list, 0, "scenario");
  std::optional<ScenarioFormat> format = options.format;
  if (!format) {
    const std::string ext = FileExtension(files[0]);
    for (const std::string& file : files)
      if (FileExtension(file) != ext)
        return Error::BadInput("the files mix formats (" + Name(files[0]) + ", " + Name(file) +
                                   "); name the format with --format",
                               file, 0, "format");
    if (ext == ".xml")
      format = ScenarioFormat::kGenius;
    else if (ext == ".json")
      format = ScenarioFormat::kGeniusWeb;
    else if (IsNativeExtension(ext))
      format = ScenarioFormat::kNative;
    else
      return Error::BadInput("cannot tell the format from the extension '" + ext +
                                 "' (expected .xml, .json, .yaml or .yml); name it with --format",
                             files[0], 0, "format");
  }
  switch (*format) {
    case ScenarioFormat::kGenius:
      return LoadGeniusFiles(files, false, options, LoadedScenario{});
    case ScenarioFormat::kGeniusWeb:
      return LoadGeniusWebFiles(files, false, options, LoadedScenario{});
    case ScenarioFormat::kNative:
      if (files.size() != 1)
        return Error::BadInput(
            "a native scenario is one file; " + std::to_string(files.size()) + " were given",
            files[1], 0, "scenario");
      return LoadNativeFile(files[0], options, LoadedScenario{});
  }
  return Error::Internal("unknown scenario format");
}

Result<WriteReport> WriteScenario(const Scenario& scenario, ScenarioFormat format,
                                  const std::string& out) {
  switch (format) {
    case ScenarioFormat::kGenius:
      return WriteGenius(scenario, out);
    case ScenarioFormat::kGeniusWeb:
      return WriteGeniusWeb(scenario, out);
    case ScenarioFormat::kNative: {
      // Native is lossless: nothing is dropped.
      const fs::path parent = fs::path(out).parent_path();
      std::error_code ec;
      if (!parent.empty()) fs::create_directories(parent, ec);
      if (ec) return Error::BadInput("cannot create the folder: " + ec.message(), parent.string());
      PARLEY_RETURN_IF_ERROR(io_internal::WriteTextFile(out, NativeText(scenario)));
      return WriteReport{{out}, {}};
    }
  }
  return Error::Internal("unknown scenario format");
}

}  // namespace parley
