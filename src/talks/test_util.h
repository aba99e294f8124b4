#pragma once

// Helpers shared by the talks module's tests: a small three-party structure shaped like the Doha
// talks and temporary ledger files that clean up after themselves.

#include <unistd.h>

#include <filesystem>
#include <string>

#include "parley/preference/scenario.h"
#include "parley/talks/ledger.h"

namespace parley::testing {

/// Issues: withdrawal {none, half, full}, counterterrorism {none, assurances},
/// dialogue {none, with-government}, ceasefire {none, announced}. Parties: US, Taliban,
/// Government. Track 0 "us-taliban" (withdrawal, counterterrorism; US, Taliban); track 1
/// "intra-afghan" (dialogue, ceasefire; Taliban, Government) opens after track 0. Ratifiers:
/// US and Government.
inline Scenario SmallTalks(bool single_undertaking = true) {
  Scenario s;
  s.name = "small";
  s.space = OutcomeSpace({Issue::Discrete("withdrawal", {"none", "half", "full"}),
                          Issue::Discrete("counterterrorism", {"none", "assurances"}),
                          Issue::Discrete("dialogue", {"none", "with-government"}),
                          Issue::Discrete("ceasefire", {"none", "announced"})});
  for (const char* name : {"US", "Taliban", "Government"}) s.parties.push_back({name, {}});
  s.rules.tracks = {Track{"us-taliban", {0, 1}, {0, 1}, std::nullopt},
                    Track{"intra-afghan", {2, 3}, {1, 2}, 0}};
  s.rules.ratifiers = {0, 2};
  s.rules.single_undertaking = single_undertaking;
  return s;
}

/// A fresh file path under the temp folder, removed (with its WAL files) on destruction.
class TempLedgerPath {
 public:
  TempLedgerPath() {
    static int counter = 0;
    path_ =
        (std::filesystem::temp_directory_path() /
         ("parley_ledger_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".db"))
            .string();
    Remove();
  }
  ~TempLedgerPath() { Remove(); }
  const std::string& path() const { return path_; }

 private:
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
};

inline LedgerEntry Entry(EntryKind kind, std::string date) {
  LedgerEntry entry;
  entry.kind = kind;
  entry.date = std::move(date);
  return entry;
}

}  // namespace parley::testing
