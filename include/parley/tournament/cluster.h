#pragma once

/// \file
/// Processes that run one tournament together (MPI ranks). RunTournament drives the protocol:
///
/// 1. every rank loads and prepares the scenarios, then `AllOk` agrees that all succeeded;
/// 2. rank 0 opens the database and decides the pending sessions; `BroadcastPlan` sends them
///    (or rank 0's error) to every rank;
/// 3. each rank runs the pending sessions i with i mod size == rank; ranks other than 0 `Send`
///    finished records in batches, then `SendDone`;
/// 4. rank 0 runs its own share while it `Poll`s for the others' records, commits and reports.
///
/// Only the thread that called RunTournament calls a Cluster (MPI_THREAD_FUNNELED suffices).

#include <memory>
#include <string>
#include <vector>

#include "parley/core/result.h"

namespace parley {

class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// True on every rank iff `ok` is true on every rank (a collective call).
  virtual bool AllOk(bool ok) = 0;
  /// Rank 0 passes its status and the pending indices; every rank gets them back (rank 0's error
  /// becomes every rank's error). A collective call.
  virtual Result<std::vector<uint64_t>> BroadcastPlan(const Status& status,
                                                      std::vector<uint64_t> pending) = 0;
  /// Ranks other than 0: sends a batch of encoded records to rank 0.
  virtual Status Send(const std::string& bytes) = 0;
  /// Ranks other than 0: tells rank 0 this rank has sent everything.
  virtual Status SendDone() = 0;
  /// Rank 0: appends batches that have arrived (without waiting) and counts ranks that are done.
  virtual Status Poll(std::vector<std::string>& batches, int& ranks_done) = 0;
  /// Ends every rank at once (MPI_Abort): for errors after the plan, when other ranks may be
  /// blocked sending to a rank 0 that will not receive.
  virtual void Abort(int code) = 0;
};

/// True when this process was started by mpirun/mpiexec (Open MPI, MPICH or PMIx environment).
bool LaunchedByMpi();
/// True when parley was built with MPI support.
bool HaveMpi();
/// Initialises MPI (once per process) and returns the world communicator as a Cluster; errors
/// when parley was built without MPI. MPI is finalised when the last Cluster is destroyed.
Result<std::unique_ptr<Cluster>> MakeMpiCluster();

}  // namespace parley
