#pragma once

/// \file
/// SHA-256 (FIPS 180-4): the talks ledger stores tokens as their hash (a copy of the file does not
/// hand out access), tournaments name scenarios and configurations by it. Not constant-time;
/// inputs here are not secret-keyed.

#include <string>
#include <string_view>

namespace parley {

/// Lower-case hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace parley
