// libFuzzer target for the GENIUS XML reader and writer. The input is read as a domain, as a
// profile of a fixed small domain, and, split at the first "\n----\n", as a domain plus a
// profile of it. Whatever parses must also survive the writer and parse back equal; a failure
// there is a bug, so it traps.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parley/io/genius.h"

namespace {

constexpr char kDomain[] = R"(<negotiation_template><utility_space><objective index="0">
<issue index="1" name="color" type="discrete"><item value="red"/><item value="green"/></issue>
<issue index="2" name="count" type="integer" lowerbound="0" upperbound="9"/>
<issue index="3" name="price" type="real"><range lowerbound="0" upperbound="10"/></issue>
</objective></utility_space></negotiation_template>)";

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void RoundTrip(const parley::GeniusDomain& domain, const parley::Profile& profile) {
  parley::Scenario scenario;
  scenario.name = "fuzz";
  scenario.space = domain.space;
  scenario.parties = {{"a", profile}, {"b", profile}};
  auto files = parley::GeniusText(scenario);
  if (!files.ok()) return;  // Unsupported: a documented limit of the format
  auto back = parley::ParseGeniusDomain(files->domain_text, files->domain_file_name);
  Check(back.ok());
  for (size_t i = 0; i < files->profile_texts.size(); ++i) {
    auto p =
        parley::ParseGeniusProfile(files->profile_texts[i], files->profile_file_names[i], *back);
    Check(p.ok());
    Check(p->reservation_value == profile.reservation_value);
    Check(p->IsAdditive() == profile.IsAdditive());
  }
}

void Profile(std::string_view text, const parley::GeniusDomain& domain) {
  auto profile = parley::ParseGeniusProfile(text, "profile.xml", domain);
  if (profile.ok()) RoundTrip(domain, *profile);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)parley::ClassifyGeniusText(text);
  static const parley::GeniusDomain fixed = *parley::ParseGeniusDomain(kDomain, "fixed.xml");
  (void)parley::ParseGeniusDomain(text, "domain.xml");
  Profile(text, fixed);
  const size_t split = text.find("\n----\n");
  if (split != std::string_view::npos) {
    parley::LoadOptions options;
    options.real_resolution = 5;
    auto domain = parley::ParseGeniusDomain(text.substr(0, split), "domain.xml", options);
    if (domain.ok()) Profile(text.substr(split + 6), *domain);
  }
  return 0;
}
