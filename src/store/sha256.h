#pragma once

/// \file
/// SHA-256 (FIPS 180-4), private to the store: tokens are stored as their hash so that a copy of
/// the ledger file does not hand out access. Not constant-time; inputs here are not secret-keyed.

#include <string>
#include <string_view>

namespace parley::store {

/// Lower-case hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace parley::store
