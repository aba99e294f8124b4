#!/usr/bin/env bash
# Load check of `parley serve` with wrk (Debian: apt-get install wrk), on 127.0.0.1 only.
# Imports the Doha ledger into a temporary folder, starts the server on a free port, then runs
# wrk against a read route (status: replay + status computation per request), the frontier
# (draft analysis per request) and a write route (a note: one synchronous SQLite commit each).
# Bounded: each run lasts DURATION seconds (default 10). Prints wrk's summaries.
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
"$parley" serve --db "$dir/doha.db" --port 0 >"$dir/serve.txt" &
server=$!
for _ in $(seq 50); do grep -q listening "$dir/serve.txt" && break; sleep 0.1; done
port="$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/serve.txt")"
url="http://127.0.0.1:$port"
echo "parley serve on $url; wrk -t$threads -c$connections -d${duration}s; $(nproc) cores"

cat >"$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"date": "2019-03-13", "text": "load check"}'
wrk.headers["Content-Type"] = "application/json"
LUA

for path in /api/talks/1/status /api/talks/1/frontier; do
  echo; echo "== GET $path"
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
    -H "Authorization: Bearer $token" "$url$path" | grep -E "Latency|Req/Sec|requests in|Requests/sec|Non-2xx|50%|99%"
done
echo; echo "== POST /api/talks/1/notes (one durable commit per request)"
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$dir/post.lua" \
  -H "Authorization: Bearer $token" "$url/api/talks/1/notes" | grep -E "Latency|Req/Sec|requests in|Requests/sec|Non-2xx|50%|99%"
echo; echo "== GET /api/talks/1/status after the writes (the ledger grew)"
"$parley" talks history --db "$dir/doha.db" | wc -l | sed 's/^/entries: /'
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
  -H "Authorization: Bearer $token" "$url/api/talks/1/status" | grep -E "Latency|requests in|Requests/sec|Non-2xx|50%|99%"
