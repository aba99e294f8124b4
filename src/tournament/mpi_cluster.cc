// The MPI implementation of Cluster (built when PARLEY_WITH_MPI is on). Only the C API is used.

#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>

#include <climits>
#include <string>
#include <vector>

#include "parley/tournament/cluster.h"

namespace parley {
namespace {

constexpr int kRecordsTag = 7301;

Error MpiError(const char* what, int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  return Error::Internal(std::string("MPI: ") + what + ": " + std::string(text, length));
}

class MpiCluster final : public Cluster {
 public:
  MpiCluster() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      int provided = 0;
      // Only the thread that runs the tournament calls MPI; workers never do.
      MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
      owns_ = true;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiCluster() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (owns_ && !finalized) MPI_Finalize();
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  bool AllOk(bool ok) override {
    int value = ok ? 1 : 0;
    if (MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD) != MPI_SUCCESS)
      return false;
    return value != 0;
  }

  Result<std::vector<uint64_t>> BroadcastPlan(const Status& status,
                                              std::vector<uint64_t> pending) override {
    // Header: ok flag, message length, pending count; then the message and the indices.
    std::string message = status ? std::string() : status.error().ToString();
    int code = status ? 0 : static_cast<int>(status.error().code);
    unsigned long long header[4] = {status ? 1ull : 0ull, message.size(), pending.size(),
                                    static_cast<unsigned long long>(code)};
    int rc = MPI_Bcast(header, 4, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS) return MpiError("broadcasting the plan", rc);
    if (header[1] > INT_MAX || header[2] > INT_MAX)
      return Error::Unsupported("the plan is too large to broadcast in one MPI message");
    message.resize(header[1]);
    pending.resize(header[2]);
    if (!message.empty()) {
      rc = MPI_Bcast(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, MPI_COMM_WORLD);
      if (rc != MPI_SUCCESS) return MpiError("broadcasting the plan", rc);
    }
    if (!pending.empty()) {
      rc = MPI_Bcast(pending.data(), static_cast<int>(pending.size()), MPI_UINT64_T, 0,
                     MPI_COMM_WORLD);
      if (rc != MPI_SUCCESS) return MpiError("broadcasting the plan", rc);
    }
    if (header[0] == 0) {
      if (rank_ == 0) return status.error();
      // Rank 0 reports it; the others exit with the same code, silently (kInternal).
      (void)header[3];
      return Error::Internal("rank 0 could not start the tournament: " + message);
    }
    return pending;
  }

  Status Send(const std::string& bytes) override {
    if (bytes.size() > INT_MAX) return Error::Internal("MPI: a batch of records is too large");
    const int rc = MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, kRecordsTag,
                            MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS) return MpiError("sending records to rank 0", rc);
    return {};
  }

  Status SendDone() override {
    const int rc = MPI_Send(nullptr, 0, MPI_BYTE, 0, kRecordsTag, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS) return MpiError("telling rank 0 this rank is done", rc);
    return {};
  }

  Status Poll(std::vector<std::string>& batches, int& ranks_done) override {
    while (true) {
      int flag = 0;
      MPI_Status probe;
      int rc = MPI_Iprobe(MPI_ANY_SOURCE, kRecordsTag, MPI_COMM_WORLD, &flag, &probe);
      if (rc != MPI_SUCCESS) return MpiError("waiting for records", rc);
      if (!flag) return {};
      int count = 0;
      MPI_Get_count(&probe, MPI_BYTE, &count);
      std::string bytes(static_cast<size_t>(count), '\0');
      rc = MPI_Recv(bytes.data(), count, MPI_BYTE, probe.MPI_SOURCE, kRecordsTag, MPI_COMM_WORLD,
                    MPI_STATUS_IGNORE);
      if (rc != MPI_SUCCESS) return MpiError("receiving records", rc);
      // An empty message means "done": ranks send nothing empty otherwise.
      if (count == 0) {
        ++ranks_done;
      } else {
        batches.push_back(std::move(bytes));
      }
    }
  }

  void Abort(int code) override { MPI_Abort(MPI_COMM_WORLD, code); }

 private:
  int rank_ = 0;
  int size_ = 1;
  bool owns_ = false;
};

}  // namespace

bool HaveMpi() { return true; }

Result<std::unique_ptr<Cluster>> MakeMpiCluster() {
  return std::unique_ptr<Cluster>(std::make_unique<MpiCluster>());
}

}  // namespace parley
