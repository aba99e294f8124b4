#!/usr/bin/env bash
# `parley tournament` end to end: results independent of --jobs, resume from the database, a
# database of another configuration refused, and the summary against its golden file
# (PARLEY_UPDATE_GOLDEN=1 rewrites it).
source "$(dirname "$0")/common.sh"

"$PARLEY" tournament "${args[@]}" --jobs 1 --csv "$tmp/a.csv" --report "$tmp/a.html" > "$tmp/a.txt"
"$PARLEY" tournament "${args[@]}" --jobs 2 --csv "$tmp/b.csv" --report "$tmp/b.html" \
  --db "$tmp/b.db" > "$tmp/b.txt"
same "$tmp/a.csv" "$tmp/b.csv"
same "$tmp/a.txt" "$tmp/b.txt"
same "$tmp/a.html" "$tmp/b.html"
[[ $(wc -l < "$tmp/a.csv") -eq $((1 + 48 * 2 + 180 * 3)) ]] || fail "unexpected CSV row count"

# Rerunning with the database runs nothing and reports the same.
"$PARLEY" tournament "${args[@]}" --jobs 2 --csv "$tmp/c.csv" --db "$tmp/b.db" > "$tmp/c.txt"
same "$tmp/a.csv" "$tmp/c.csv"
same "$tmp/a.txt" "$tmp/c.txt"

# The same scenarios named by other paths (relative, trailing slash) are the same tournament: it
# resumes rather than being refused.
(cd "$DATA/genius" && "$PARLEY" tournament "${args[@]:0:2}" --scenarios y2012/LaptopA/ \
  ./y2012/FlightBookingA ../genius/y2015/group2-new_sporthal/ "${args[@]:6}" --jobs 2 \
  --csv "$tmp/d.csv" --db "$tmp/b.db" > "$tmp/d.txt") || fail "resuming by relative paths failed"
same "$tmp/a.csv" "$tmp/d.csv"
same "$tmp/a.txt" "$tmp/d.txt"

# Another configuration with the same database is refused (exit code 2), naming the change.
if "$PARLEY" tournament "${args[@]}" --repetitions 2 --db "$tmp/b.db" > /dev/null 2> "$tmp/err"; then
  fail "a database of another tournament was accepted"
fi
grep -q "different tournament (repetitions: 2 now, 1 in the database)" "$tmp/err" ||
  fail "unexpected error: $(cat "$tmp/err")"

# An output file that cannot be written is refused before anything runs (exit code 2, one
# line naming the file and the option; no summary, no database).
expect_refusal() {  # expect_refusal PATTERN ARGS...: exit 2, stderr one line matching PATTERN
  local pattern="$1" code=0
  shift
  "$PARLEY" tournament "$@" > "$tmp/out" 2> "$tmp/err" || code=$?
  [[ $code -eq 2 ]] || fail "exit code $code for $*: $(cat "$tmp/err")"
  [[ ! -s "$tmp/out" ]] || fail "output on stdout for $*"
  [[ $(wc -l < "$tmp/err") -eq 1 ]] || fail "not one line for $*: $(cat "$tmp/err")"
  grep -qF -- "$pattern" "$tmp/err" || fail "unexpected error for $*: $(cat "$tmp/err")"
}
expect_refusal "parley: /nonexistent/x.csv: --csv: cannot write this file: No such file" \
  "${args[@]}" --db "$tmp/e.db" --csv /nonexistent/x.csv
[[ ! -e "$tmp/e.db" ]] || fail "the tournament ran although its --csv cannot be written"
expect_refusal "parley: $tmp: --report: cannot write this file: Is a directory" \
  "${args[@]}" --db "$tmp/e.db" --csv "$tmp/e.csv" --report "$tmp"
[[ ! -e "$tmp/e.db" && ! -e "$tmp/e.csv" ]] || fail "the tournament ran with a bad --report"

# Bad numbers and lists: one readable line each, exit code 2.
expect_refusal "parley: --seed: expected a whole number from 0 to 18446744073709551615, got '-1'" \
  "${args[@]}" --seed -1
expect_refusal "got '18446744073709551616'" "${args[@]}" --seed 18446744073709551616
expect_refusal "parley: --move-time-limit: expected seconds from 0 to 1000000 (0: no limit), got \
'nan'" "${args[@]}" --move-time-limit nan
expect_refusal "parley: --move-time-limit: expected seconds from 0 to 1000000" \
  "${args[@]}" --move-time-limit -1
! grep -qE '[0-9]{20}' "$tmp/err" || fail "an unreadable bound: $(cat "$tmp/err")"
expect_refusal "parley: --session-time-limit: expected seconds" "${args[@]}" \
  --session-time-limit inf
expect_refusal "parley: --agents: empty agent in 'boulware,,conceder'" \
  --agents boulware,,conceder --scenarios "$DATA/genius/y2012/LaptopA"
expect_refusal "parley: --agents: empty agent in 'boulware,'" \
  --agents boulware, --scenarios "$DATA/genius/y2012/LaptopA"

# Bad input: an unknown agent lists the known ones.
if "$PARLEY" tournament --agents boulware,bulldozer --scenarios "$DATA/genius/y2012/LaptopA" \
    2> "$tmp/err"; then
  fail "an unknown agent was accepted"
fi
grep -q "unknown agent 'bulldozer'; known: aspiration" "$tmp/err" || fail "$(cat "$tmp/err")"

# A talks ledger given as --db is refused (exit 2, naming it) and left as it was: the tournament
# used to write its tables into it.
"$PARLEY" talks import --db "$tmp/ledger.db" > /dev/null || fail "talks import failed"
cp "$tmp/ledger.db" "$tmp/ledger-before.db"
expect_refusal "is not a tournament results database: it holds a talks ledger (parley talks)" \
  --agents boulware,conceder --scenarios "$DATA/genius/y2012/LaptopA" --db "$tmp/ledger.db"
cmp -s "$tmp/ledger.db" "$tmp/ledger-before.db" || fail "the tournament changed the talks ledger"

# A run that cannot end within a day is announced before it starts (here every session ends at
# the first move, so it does end).
"$PARLEY" tournament --agents misbehave:at=1,misbehave:mode=illegal,at=1 \
  --scenarios "$DATA/genius/y2012/LaptopA" --repetitions 3000 --rounds 100000000 --jobs 2 \
  --quiet > /dev/null 2> "$tmp/err" || fail "the long tournament failed: $(cat "$tmp/err")"
grep -q "^parley: warning: --rounds 100000000 x 6000 sessions: 6e+11 rounds would take at least 1.2 days on 2 workers" \
  "$tmp/err" || fail "no warning about a day-long run: $(cat "$tmp/err")"

# Misbehaving agents (the built-in `misbehave`: throws at its 2nd move, an illegal first move, a
# first move that hangs past the move limit): the tournament finishes, each failure is recorded
# against the misbehaving agent, and sessions without one are as in a tournament without them.
faulty=(--scenarios "$DATA/genius/y2012/LaptopA" --rounds 50 --no-timing --quiet)
"$PARLEY" tournament --agents boulware,conceder,misbehave:at=2,misbehave:mode=illegal,misbehave:mode=hang \
  "${faulty[@]}" --move-time-limit 0.2 --jobs 8 --csv "$tmp/f.csv" > "$tmp/f.txt" ||
  fail "a tournament with misbehaving agents failed"
"$PARLEY" tournament --agents boulware,conceder "${faulty[@]}" --csv "$tmp/g.csv" > /dev/null
[[ $(wc -l < "$tmp/f.csv") -eq $((1 + 20 * 2)) ]] || fail "sessions missing from $tmp/f.csv"
# Columns: 6 position, 8 agent, 9 partners, 10 agreement, 11 end_reason, 12 utility, 20 rounds,
# 22 moves, 23 failed, 24 failure.
awk -F, 'NR > 1 {
  honest = $8 == "boulware" || $8 == "conceder"
  partner_honest = $9 == "boulware" || $9 == "conceder"
  if (honest && $23 != 0) { print "blamed: " $0; bad = 1 }
  if (honest && partner_honest && ($24 != "" || $11 == "failure")) { print "failed: " $0; bad = 1 }
  kind["misbehave:at=2"] = "exception"; kind["misbehave:mode=illegal"] = "illegal-action"
  kind["misbehave:mode=hang"] = "timeout"
  if (!honest && partner_honest && ($23 != 1 || $24 != kind[$8])) { print "not blamed: " $0; bad = 1 }
} END { exit bad }' "$tmp/f.csv" || fail "failures not recorded against the misbehaving agents"
honest_rows() {
  awk -F, 'NR > 1 && ($8 == "boulware" || $8 == "conceder") && ($9 == "boulware" ||
    $9 == "conceder") { print $6, $8, $9, $10, $11, $12, $20, $22 }' "$1"
}
[[ -n "$(honest_rows "$tmp/g.csv")" ]] || fail "no honest sessions"
same <(honest_rows "$tmp/g.csv") <(honest_rows "$tmp/f.csv")
# The summary counts the failures against the misbehaving agents only.
awk '$2 ~ /^(boulware|conceder)$/ && $(NF-1) != 0 { bad = 1 }
  $2 ~ /^misbehave/ && $(NF-1) == 0 { bad = 1 } END { exit bad }' "$tmp/f.txt" ||
  fail "summary failures: $(cat "$tmp/f.txt")"
grep -q "ended in a failure" "$tmp/f.txt" || fail "no failure total in the summary"

# A crashing agent (SIGSEGV at its first move) kills only the worker process of its session: the
# run finishes, each of its 4 sessions is a failure of kind "crash" against it, and the sessions
# without it are as in a tournament without it.
# (Under AddressSanitizer its own SIGSEGV handler would turn the crash into a report and an exit
# code; a crash must look like one.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0" \
  "$PARLEY" tournament --agents boulware,conceder,misbehave:mode=crash "${faulty[@]}" --jobs 2 \
  --db "$tmp/crash.db" --csv "$tmp/crash.csv" > "$tmp/crash.txt" 2> "$tmp/crash.err" ||
  fail "a tournament with a crashing agent failed: $(cat "$tmp/crash.err")"
awk -F, 'NR > 1 { crash = $9 == "misbehave:mode=crash"
  if ($8 == "misbehave:mode=crash" && ($23 != 1 || $24 != "crash")) { print "not blamed: " $0; bad = 1 }
  if ($8 != "misbehave:mode=crash" && ($23 != 0 || (!crash && $24 != ""))) { print "blamed: " $0; bad = 1 }
  if ($8 == "misbehave:mode=crash" && $24 == "crash") ++n
} END { if (n != 4) { print n " crash rows"; bad = 1 }; exit bad }' "$tmp/crash.csv" ||
  fail "crashes not recorded against the crashing agent"
same <(honest_rows "$tmp/g.csv") <(honest_rows "$tmp/crash.csv")

if [[ "${PARLEY_UPDATE_GOLDEN:-0}" == 1 ]]; then
  cp "$tmp/a.txt" "$GOLDEN/summary.txt"
fi
same "$GOLDEN/summary.txt" "$tmp/a.txt"
echo "ok"
