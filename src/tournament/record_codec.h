#pragma once

/// \file
/// Private to the tournament module: session records as bytes, to send them between MPI ranks.
/// The encoding is exact (doubles bit for bit) and meant for processes of one build on one kind
/// of machine; it is not a file format.

#include <string>
#include <vector>

#include "parley/core/result.h"
#include "parley/tournament/tournament.h"

namespace parley::tournament_internal {

std::string EncodeRecords(const std::vector<SessionRecord>& records);
/// Errors (kInternal) on truncated or malformed bytes.
Result<std::vector<SessionRecord>> DecodeRecords(const std::string& bytes);

}  // namespace parley::tournament_internal
