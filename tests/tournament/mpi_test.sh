#!/usr/bin/env bash
# `mpirun -np 2 parley tournament` gives the same bytes (summary, CSV without timing, report) as
# one process, and resumes from its database. MPIEXEC is set by CTest when mpirun exists.
source "$(dirname "$0")/common.sh"

flags=(-np 2 --oversubscribe)
if [[ "$(id -u)" == 0 ]]; then  # containers and CI run as root
  flags+=(--allow-run-as-root)
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
# No ptrace-based single copy in containers; Open MPI's own allocations are not our leaks.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

"$PARLEY" tournament "${args[@]}" --jobs 2 --csv "$tmp/one.csv" --report "$tmp/one.html" \
  > "$tmp/one.txt"
"$MPIEXEC" "${flags[@]}" "$PARLEY" tournament "${args[@]}" --jobs 1 --csv "$tmp/mpi.csv" \
  --report "$tmp/mpi.html" --db "$tmp/mpi.db" > "$tmp/mpi.txt"
same "$tmp/one.csv" "$tmp/mpi.csv"
same "$tmp/one.txt" "$tmp/mpi.txt"
same "$tmp/one.html" "$tmp/mpi.html"

# Resume over MPI: everything is in the database, nothing runs, same results.
"$MPIEXEC" "${flags[@]}" "$PARLEY" tournament "${args[@]}" --jobs 1 --csv "$tmp/again.csv" \
  --db "$tmp/mpi.db" > "$tmp/again.txt"
same "$tmp/one.csv" "$tmp/again.csv"
same "$tmp/one.txt" "$tmp/again.txt"
echo "ok"
