#!/usr/bin/env bash
# Load check of `parley serve` with wrk (Debian: apt-get install wrk), on 127.0.0.1 only.
# Imports the Doha ledger into a temporary folder, starts the server on a free port, then runs
# wrk against a read route (status: replay + status computation per request), the frontier
# (draft analysis per request), the what-if, and writes as the page's forms send them: the
# mediator's (proposal, position, agreement, reopening, vote, note in turn) and a party's
# (proposal, position, vote), each one synchronous SQLite commit with its link of the hash chain.
# Bounded: each run lasts DURATION seconds (default 10). Prints wrk's summaries, then verifies
# the ledger the writes grew.
#
#   bench/talks_load.sh [build/parley]
set -euo pipefail
parley="${1:-build/parley}"
duration="${DURATION:-10}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-16}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

dir="$(mktemp -d)"
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

"$parley" talks import --db "$dir/doha.db" >"$dir/import.txt"
token="$(awk '/^  mediator: /{print $2}' "$dir/import.txt")"
party_token="$(awk '/^  Taliban: /{print $2}' "$dir/import.txt")"
"$parley" serve --db "$dir/doha.db" --port 0 >"$dir/serve.txt" &
server=$!
for _ in $(seq 50); do grep -q listening "$dir/serve.txt" && break; sleep 0.1; done
port="$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/serve.txt")"
url="http://127.0.0.1:$port"
echo "parley serve on $url; wrk -t$threads -c$connections -d${duration}s; $(nproc) cores"

# The bodies the page's forms send (web/src/forms.ts), one kind after another.
cat >"$dir/mediator.lua" <<'LUA'
local bodies = {
  {"proposals", '{"date": "2019-03-13", "values": {"troop_withdrawal": "full-in-14-months"}, "text": "draft"}'},
  {"positions", '{"date": "2019-03-13", "party": "Taliban", "values": {"ceasefire": "reduction-in-violence"}, "conditions": ["if ceasefire=comprehensive then troop_withdrawal=full-in-14-months"], "source_kind": "statement", "source": "spokesman"}'},
  {"agreements", '{"date": "2019-03-13", "values": {"troop_withdrawal": "full-in-14-months"}}'},
  {"reopenings", '{"date": "2019-03-13", "issues": ["troop_withdrawal"], "text": "timing"}'},
  {"votes", '{"date": "2019-03-13", "party": "Afghan government", "accept": false}'},
  {"notes", '{"date": "2019-03-13", "text": "load check"}'},
}
local i = 0
request = function()
  i = i % #bodies + 1
  -- wrk.format replaces wrk.headers (the token from -H) with the table it is given: copy them.
  local headers = {["Content-Type"] = "application/json"}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("POST", "/api/talks/1/" .. bodies[i][1], headers, bodies[i][2])
end
LUA
cat >"$dir/party.lua" <<'LUA'
local bodies = {
  {"proposals", '{"date": "2019-03-13", "values": {"political_settlement": "interim-government"}, "text": "ours"}'},
  {"positions", '{"date": "2019-03-13", "text": "foreign forces must leave"}'},
  {"votes", '{"date": "2019-03-13", "accept": true}'},
}
local i = 0
request = function()
  i = i % #bodies + 1
  -- wrk.format replaces wrk.headers (the token from -H) with the table it is given: copy them.
  local headers = {["Content-Type"] = "application/json"}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("POST", "/api/talks/1/" .. bodies[i][1], headers, bodies[i][2])
end
LUA
summary() { grep -E "Latency|requests in|Requests/sec|Non-2xx|50%|99%"; }

for path in /api/talks/1/status /api/talks/1/frontier "/api/talks/1/whatif?fix=ceasefire%3Dreduction-in-violence"; do
  echo; echo "== GET $path"
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    -H "Authorization: Bearer $token" "$url$path" | summary
done
echo; echo "== POST the mediator's forms in turn (one durable, chained commit per request)"
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$dir/mediator.lua" \
  -H "Authorization: Bearer $token" "$url" | summary
echo; echo "== POST a party's forms in turn (Taliban's token)"
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$dir/party.lua" \
  -H "Authorization: Bearer $party_token" "$url" | summary
echo; echo "== GET /api/talks/1/status after the writes (the ledger grew)"
"$parley" talks history --db "$dir/doha.db" | wc -l | sed 's/^/entries: /'
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
  -H "Authorization: Bearer $token" "$url/api/talks/1/status" | summary
echo; echo "== talks verify"
"$parley" talks verify --db "$dir/doha.db"
