#!/usr/bin/env bash
# query-service over 1,000,000 stored logs: a filtered page (level + service + time range; with a
# JSON-containment `match`; with `contains`), a page after a deep cursor, and hourly stats, each
# uncached and cached. Usage: bench/query/run.sh SERVERS_ENV
#
# 1. `query-bench load` creates the database tributary_bench_query on the servers' PostgreSQL with
#    log-worker's own migrations and fills it inside PostgreSQL (INSERT … SELECT over
#    generate_series: nothing to ship over the socket) with ROWS generated ~250-byte logs.
# 2. query-service (release build) starts on a free port against that database and the servers' Redis.
# 3. Uncached: `query-bench measure` sends each request REQUESTS times, one at a time, each after an
#    INCR of the query-cache generation (what log-worker does after a commit), so every one misses
#    and runs its SQL; the same query every time, the latency a client sees right after a batch.
#    Cached: the same request again, one at a time, then wrk (WRK_CONNECTIONS connections,
#    WRK_SECONDS seconds, 2 threads) for the latency under load. Targets: p50 ≤ 50 ms uncached,
#    ≤ 5 ms cached.
# 4. `query-bench explain`: EXPLAIN (ANALYZE, BUFFERS) of the exact SQL and binds of every scenario (stderr).
# The database is dropped at the end (KEEP_DATABASE=1 keeps it). Traffic stays on 127.0.0.1; every
# step is bounded in count and time. Markdown rows on stdout, details on stderr.
set -euo pipefail

servers_env=${1:?usage: bench/query/run.sh SERVERS_ENV}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scratch=${SCRATCH:-$root/.build}
rows=${ROWS:-1000000}
requests=${REQUESTS:-200}
wrk_seconds=${WRK_SECONDS:-5}
wrk_connections=${WRK_CONNECTIONS:-8}
database=tributary_bench_query
say() { printf 'bench/query: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

postgres_url=$(sed -n 's/^POSTGRES_URL=//p' "$servers_env" | tail -n 1)
redis_url=$(sed -n 's/^REDIS_URL=//p' "$servers_env" | tail -n 1)
[[ $postgres_url =~ ^postgres(ql)?://[^@]*@(127\.[0-9.]+|localhost):[0-9]+/ ]] || die "POSTGRES_URL=$postgres_url is not on 127.0.0.1"
[[ $redis_url =~ ^redis://(127\.[0-9.]+|localhost):[0-9]+ ]] || die "REDIS_URL=$redis_url is not on 127.0.0.1"
command -v wrk >/dev/null || die "wrk missing: make deps"
database_url=${postgres_url%/*}/$database

export SWIFT_DETERMINISTIC_HASHING=1  # stable compiler flags: no needless rebuilds (docs/building.md)
say "building query-service and query-bench (release)…"
SCRATCH=$scratch "$root/deploy/build-product.sh" "$root/services/query-service" query-service >/dev/null
SCRATCH=$scratch "$root/deploy/build-product.sh" "$here" query-bench >/dev/null
bin=$(swift build -c release --package-path "$here" --scratch-path "$scratch" --show-bin-path)

service_pid=
cleanup() {
    if [[ -n $service_pid ]]; then
        kill "$service_pid" 2>/dev/null || true
        wait "$service_pid" 2>/dev/null || true
    fi
    if [[ ${KEEP_DATABASE:-0} != 1 ]]; then
        psql -q "$postgres_url" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    rm -f "${service_log:-}"
}
trap cleanup EXIT

say "loading $rows logs into $database…"
timeout 1800 "$bin/query-bench" load --postgres-url "$postgres_url" --database "$database" --rows "$rows"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
service_log=$(mktemp /tmp/query-bench-service.XXXXXX)
POSTGRES_URL=$database_url REDIS_URL=$redis_url HTTP_HOST=127.0.0.1 HTTP_PORT=$port LOG_LEVEL=warning \
    "$bin/query-service" >"$service_log" 2>&1 &
service_pid=$!
for ((i = 0; i < 300; i++)); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$service_pid" 2>/dev/null || { cat "$service_log" >&2; die "query-service exited"; }
    sleep 0.2
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$service_log" >&2; die "query-service not ready"; }
say "query-service ready on port $port"

measured=$(timeout 1200 "$bin/query-bench" measure --url "http://127.0.0.1:$port" --redis-url "$redis_url" \
    --requests "$requests" --time-limit 60)
explained=$(timeout 600 "$bin/query-bench" explain --postgres-url "$postgres_url" --database "$database")

field() { tr '\t' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
# wrk's latency percentile (50%, 99%) in milliseconds, whatever unit it printed.
wrk_ms() {
    awk -v p="$2" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
        f = (u == "us") ? 0.001 : (u == "s") ? 1000 : 1; printf "%.2f", v * f }' <<<"$1"
}

while IFS= read -r line; do
    [[ -n $line ]] || continue
    scenario=$(field "$line" scenario)
    url=$(field "$line" url)
    # The answer was cached minutes ago (TTL 300 s): store it again until it is a hit, so that wrk
    # measures cached answers only (after a Redis timeout the service leaves the cache alone for 1 s).
    for ((try = 0; try < 50; try++)); do
        [[ $(curl -sf -o /dev/null -D - "$url" | tr -d '\r' | sed -n 's/^[Xx]-[Cc]ache: //p') == hit ]] && break
        sleep 0.1
    done
    ((try < 50)) || { tail -n 20 "$service_log" >&2; die "$url is not cached"; }
    out=$(timeout $((wrk_seconds + 30)) wrk -t2 -c"$wrk_connections" -d"${wrk_seconds}s" --latency "$url")
    say "wrk, $scenario: $(grep -E 'Requests/sec|Non-2xx' <<<"$out" | tr -s ' ' | tr '\n' ' ')"
    grep -q 'Non-2xx' <<<"$out" && die "wrk got errors for $scenario"
    wrk_p50=$(wrk_ms "$out" 50%)
    wrk_p99=$(wrk_ms "$out" 99%)
    rate=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
    uncached=$(field "$line" uncached_p50)
    cached=$(field "$line" cached_p50)
    execution=$(grep -F "scenario=$scenario	" <<<"$explained" | sed -n 's/.*execution=Execution Time: //p')
    verdict=$(awk -v u="$uncached" -v c="$wrk_p50" 'BEGIN { print (u <= 50 && c <= 5) ? "meets" : "below" }')
    target="p50 ≤ 50 ms uncached, ≤ 5 ms cached"
    # The issue sets targets for filtered pages; stats are reported against the same figures.
    [[ $url == */logs/stats* ]] && target="none set for stats (page targets: p50 ≤ 50 ms uncached, ≤ 5 ms cached)"
    echo "| query-service $scenario ($rows logs) | uncached p50 $uncached ms, p99 $(field "$line" uncached_p99) ms; cached p50 $wrk_p50 ms, p99 $wrk_p99 ms (wrk -c$wrk_connections, $rate req/s) | $target | $verdict the page targets; SQL alone ${execution:-?} (EXPLAIN ANALYZE); cached one at a time p50 $cached ms |"
done <<<"$measured"
say "cache counters: $(curl -sf "http://127.0.0.1:$port/metrics" | grep -E '^query_cache_' | tr '\n' ' ')"
