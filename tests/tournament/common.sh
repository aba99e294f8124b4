# Shared by the tournament CLI tests: the small tournament they run and a scratch folder.
# Environment (set by CTest): PARLEY (the binary), DATA (../shared/data), GOLDEN (expected files).
set -euo pipefail
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# 2 bilateral scenarios and a 3-party one; 4 agents, profiles rotated: 48 + 180 sessions.
args=(--agents boulware,conceder,random,naive-tit-for-tat
      --scenarios "$DATA/genius/y2012/LaptopA" "$DATA/genius/y2012/FlightBookingA"
                  "$DATA/genius/y2015/group2-new_sporthal"
      --rotate-profiles --rounds 50 --seed 3 --no-timing --quiet)
fail() { echo "FAIL: $*" >&2; exit 1; }
same() { cmp -s "$1" "$2" || { diff -u "$1" "$2" | head -20 >&2; fail "$1 and $2 differ"; }; }
