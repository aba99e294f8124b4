// Fuzzes the native YAML reader (ParseNative) and, on every input it accepts, the writer:
// - the reader never crashes, hangs or leaks an exception, and fails only with kBadInput
//   naming the file;
// - what it accepts passes ValidateScenario;
// - NativeText of it reads back to an equal scenario (for valid UTF-8 input, the format's
//   documented condition) and writing is a fixed point.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parley/io/native.h"

namespace {

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "native_yaml_fuzzer: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = parley::ParseNative(text, "fuzz.yaml", parley::LoadOptions{});
  if (!result.ok()) {
    const parley::Error& e = result.error();
    if (e.code != parley::ErrorCode::kBadInput || e.file != "fuzz.yaml")
      Fail("an error that is not bad input naming the file", e.ToString());
    return 0;
  }
  const parley::Status valid = parley::ValidateScenario(*result);
  if (!valid.ok()) Fail("accepted a scenario that does not validate", valid.error().ToString());
  if (!ValidUtf8(text)) return 0;
  const std::string written = parley::NativeText(*result);
  auto again = parley::ParseNative(written, "fuzz.yaml", parley::LoadOptions{});
  if (!again.ok())
    Fail("cannot read what the writer wrote", again.error().ToString() + "\n" + written);
  if (!(*again == *result)) Fail("round trip changed the scenario", written);
  if (parley::NativeText(*again) != written) Fail("writing is not a fixed point", written);
  return 0;
}
