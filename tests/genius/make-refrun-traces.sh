#!/bin/bash
# Regenerates the reference traces of the GENIUS bridge test (tests/data/genius/NAME.jsonl)
# with GENIUS itself: refrun.sh (../shared/genius-ref, GENIUS 10.4) on every line of cases.tsv.
#   tests/genius/make-refrun-traces.sh [NAME...]     (from the project root; default: all)
# Each trace is refrun's output with the wall time dropped, so that a rerun gives the same bytes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${PARLEY_SHARED_DATA_DIR:-$root/../shared/data}"
refrun="${REFRUN:-$root/../shared/genius-ref/refrun.sh}"
out="$root/tests/data/genius"
mkdir -p "$out"
grep -v '^#' "$root/tests/genius/cases.tsv" | while IFS=$'\t' read -r name domain p1 p2 a1 a2 rounds seed; do
	[ -n "$name" ] || continue
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
	echo "$name: refrun.sh --quiet $domain $p1 $p2 $a1 $a2 $rounds $seed" >&2
	"$refrun" --quiet "$data/$domain" "$data/$p1" "$data/$p2" "$a1" "$a2" "$rounds" "$seed" |
		sed -E 's/, "wall_s": [0-9.]+//' >"$out/$name.jsonl"
done
