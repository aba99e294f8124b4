#pragma once

/// \file
/// Option checks shared by the `parley` commands, so that every command treats a number the same
/// way: seeds, seconds, counts that would run for days, and the usage-error line that names the
/// command's own help and suggests the closest option or command.

#include <CLI/CLI.hpp>
#include <string>

namespace parley::cli {

/// `--seed`: a whole number that fits in 64 bits, as typed: "-1" is not 2^64 - 1 and
/// 18446744073709551616 is not clamped.
CLI::Validator SeedValidator();

/// Seconds: a finite number up to 10^6 (11.6 days); "nan", "inf" and "1e308" are not durations.
/// With `zero_is_none`, 0 is allowed and means no limit; otherwise the value must be positive.
CLI::Validator SecondsValidator(bool zero_is_none);

/// Rounds per second of the fastest measured negotiation (docs/negotiation.md, "Speed": CameraB,
/// Boulware self-play, moves counted only). Real agents are slower, so an estimate from it is a
/// lower bound.
constexpr double kFastestRoundsPerSecond = 2.9e6;

/// Warns on stderr when `rounds` rounds (all sessions together, spread over `jobs` workers)
/// cannot finish within a day even at kFastestRoundsPerSecond; `what` names the option and what
/// multiplies it ("--rounds 100000000 x 5184 sessions"). Returns whether it warned.
bool WarnIfLongerThanADay(double rounds, int jobs, const std::string& what);

/// The line printed for a usage error: "parley: <what> (see parley <command> --help)", naming
/// the command that was being parsed (found in argv), with "; did you mean '--rounds'?" for an
/// unknown option or command close to a known one.
std::string UsageErrorLine(const CLI::App& root, int argc, const char* const* argv,
                           const CLI::Error& error);

}  // namespace parley::cli
