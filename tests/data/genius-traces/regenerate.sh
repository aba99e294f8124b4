#!/bin/sh
# Regenerates the GENIUS 10.4 reference traces in this folder: one refrun.sh session per line of
# scenarios.txt, per deadline it names, per order of the two agents, in JSON Lines (every action, then
# the final line; its "wall_s" field, the only thing that varies between runs, is dropped).
# tests/genius_traces_test.cc plays the same sessions with parley's agents and compares them
# move by move. Run from the project root:
#
#   tests/data/genius-traces/regenerate.sh          # needs ../shared/genius-ref (a JRE)
#
# The command for one trace is printed before it runs.
set -eu
REF=${PARLEY_GENIUS_REF:-../shared/genius-ref}
DATA=${PARLEY_SHARED_DATA_DIR:-../shared/data}
HERE=tests/data/genius-traces
OUT=$HERE/time-dependent
mkdir -p "$OUT"
B=agents.TimeDependentAgentBoulware
C=agents.TimeDependentAgentConceder
rm -f "$OUT"/*.jsonl
grep -v '^#' "$HERE/scenarios.txt" | while read -r name deadlines domain p1 p2; do
  [ -n "$name" ] || continue
  for rounds in $(echo "$deadlines" | tr , ' '); do
    for pair in "boulware-conceder $B $C" "conceder-boulware $C $B"; do
      set -- $pair
      file="$OUT/$name-$1-$rounds.jsonl"
      echo "$REF/refrun.sh --quiet $DATA/genius/$domain $DATA/genius/$p1 $DATA/genius/$p2 $2 $3 $rounds 1 > $file"
      "$REF/refrun.sh" --quiet "$DATA/genius/$domain" "$DATA/genius/$p1" "$DATA/genius/$p2" \
        "$2" "$3" "$rounds" 1 | sed -e 's/, "wall_s": [0-9.eE+-]*//' >"$file"
    done
  done
done
