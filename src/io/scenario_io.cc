#include "parley/io/scenario_io.h"

#include <algorithm>
#include <filesystem>

#include "io_util.h"
#include "parley/io/genius.h"
#include "parley/io/geniusweb.h"
#include "parley/io/native.h"

namespace parley {
namespace {

namespace fs = std::filesystem;
using io_internal::FileExtension;

bool IsNativeExtension(const std::string& ext) { return ext == ".yaml" || ext == ".yml"; }

/// True when a file that failed to parse still looks like it was meant to be a scenario file,
/// so that a broken profile is an error rather than a skipped file.
bool LooksLikeGenius(std::string_view text) {
  return text.find("<utility_space") != std::string_view::npos ||
         text.find("<negotiation_template") != std::string_view::npos;
}
bool LooksLikeGeniusWeb(std::string_view text) {
  return text.find("UtilitySpace\"") != std::string_view::npos ||
         text.find("\"issuesValues\"") != std::string_view::npos;
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
        if (!from_folder || LooksLikeGenius(text)) {
          // Report the parser's own error, with its line.
          auto parsed = ParseGeniusDomain(text, file, options);
          if (!parsed) return parsed.error();
          return Error::BadInput("not well-formed XML", file, 0, "xml");
        }
        loaded.notes.push_back("skipped " + Name(file) +
                               ": not XML (e.g. ANAC 2014's plain-text pareto.xml)");
        break;
      case GeniusFileKind::kNotGenius:
        if (!from_folder)
          return Error::BadInput(
              "not a GENIUS file (expected root element <negotiation_template> or "
              "<utility_space>)",
              file, 1, "root");
        loaded.notes.push_back("skipped " + Name(file) + ": XML, but not a GENIUS file");
        break;
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
        if (!from_folder || LooksLikeGeniusWeb(text)) {
          chosen.push_back(file);  // the reader reports the parse error with its line
          break;
        }
        loaded.notes.push_back("skipped " + Name(file) + ": not JSON");
        break;
      case GeniusWebFileKind::kOther:
        if (!from_folder) {
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
  for (const std::string& file : files) {
    if (fs::is_directory(file, ec))
      return Error::BadInput("give either one folder or a list of files, not both", file, 0,
                             "scenario");
    if (!fs::exists(file, ec)) {
      std::string names;
      for (const std::string& n : BuiltinScenarioNames()) names += (names.empty() ? "" : ", ") + n;
      Error error = Error::NotFound("no such file or folder (built-in scenarios: " + names + ")");
      error.file = file;
      error.field = "scenario";
      return error;
    }
  }
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
