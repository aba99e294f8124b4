// libFuzzer target for the GeniusWeb JSON reader and writer. The input is read as a domain and
// as a profile; a profile that parses must survive the writer and parse back, else it traps.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parley/io/geniusweb.h"

namespace {

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)parley::ClassifyGeniusWebText(text);
  (void)parley::ParseGeniusWebDomain(text, "domain.json");
  auto parsed = parley::ParseGeniusWebProfile(text, "profile.json");
  if (!parsed.ok()) return 0;
  parley::Scenario scenario;
  scenario.name = parsed->domain.name;
  scenario.space = parsed->domain.space;
  scenario.parties = {{"a", parsed->profile}, {"b", parsed->profile}};
  auto files = parley::GeniusWebText(scenario);
  Check(files.ok());
  auto domain = parley::ParseGeniusWebDomain(files->domain_text, files->domain_file_name);
  Check(domain.ok());
  for (size_t i = 0; i < files->profile_texts.size(); ++i) {
    auto back =
        parley::ParseGeniusWebProfile(files->profile_texts[i], files->profile_file_names[i]);
    Check(back.ok());
    Check(back->domain.space.Size() == scenario.space.Size());
  }
  return 0;
}
