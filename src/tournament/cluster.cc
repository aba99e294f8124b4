// Without MPI: the environment checks only. With MPI (PARLEY_HAVE_MPI), mpi_cluster.cc
// provides HaveMpi and MakeMpiCluster instead of the fallbacks below.

#include <cstdlib>

#include "parley/tournament/cluster.h"

namespace parley {

bool LaunchedByMpi() {
  // Open MPI, PMIx launchers (Open MPI 4+, Slurm) and MPICH/Hydra set these in every rank.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

#ifndef PARLEY_HAVE_MPI
bool HaveMpi() { return false; }

Result<std::unique_ptr<Cluster>> MakeMpiCluster() {
  return Error::Unsupported(
      "this parley was built without MPI (install libopenmpi-dev and rebuild with "
      "-DPARLEY_WITH_MPI=ON)");
}
#endif

}  // namespace parley
