#!/usr/bin/env bash
# GET /users/{id} of user-consumer served from its Redis cache, measured with wrk on loopback,
# against /health/live of the same process in the same run (the ceiling of the HTTP stack alone).
# Usage: bench/user-cache/run.sh SERVERS_ENV
#
# Builds user-consumer in release mode into $SCRATCH (default <repo>/.build), starts it with
# ROLE=api on a free port against the PostgreSQL and Redis of SERVERS_ENV (a database and a cache
# key prefix of its own), stores USERS users (one through POST /users, the rest copied from it in
# SQL: they differ in id and names and share the sealed e-mail address), reads each once to fill
# the cache, then runs wrk with random ids. Everything is removed again at the end.
#
# Settings (environment): USERS (100000), THREADS (2), CONNECTIONS (32), DURATION (20, seconds),
# ROUNDS (3, alternating with /health/live; the median is reported).
# Prints Markdown table rows on stdout; details go to stderr.
set -euo pipefail

servers_env=${1:?usage: bench/user-cache/run.sh SERVERS_ENV}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
users=${USERS:-100000}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
duration=${DURATION:-20}
rounds=${ROUNDS:-3}

bench_name="user-cache"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
load_servers "$servers_env" POSTGRES_URL REDIS_URL
require_tools wrk psql curl redis-cli python3
redis_url=${server[REDIS_URL]}
[[ $redis_url =~ :([0-9]+) ]] && redis_port=${BASH_REMATCH[1]}

log "building user-consumer (release)…"
binary=$(build "$root/services/user-consumer" user-consumer)

run_id="bench_user_cache_$$"
database_url=$(database_url "$run_id")
key_prefix="bench:$run_id:user:"
port=$(free_port)
base="http://127.0.0.1:$port"
make_work_dir
service_log="$work/user-consumer.log"

remove_cache_keys() {
    redis-cli -p "$redis_port" --scan --pattern "$key_prefix*" |
        xargs -r -n 1000 redis-cli -p "$redis_port" UNLINK >/dev/null 2>&1 || true
}
on_exit remove_cache_keys

new_database "$run_id"
ROLE=api HTTP_HOST=127.0.0.1 HTTP_PORT=$port POSTGRES_URL=$database_url REDIS_URL=$redis_url \
    USER_CACHE_KEY_PREFIX=$key_prefix USER_CHANGES_CHANNEL="bench:$run_id:changes" LOG_LEVEL=warning \
    "$binary" 2>"$service_log" &
service_pid=$!
track_process "$service_pid"
for _ in $(seq 600); do
    curl -sf "$base/health/ready" >/dev/null 2>&1 && break
    kill -0 "$service_pid" 2>/dev/null || { cat "$service_log" >&2; echo "user-consumer exited" >&2; exit 1; }
    sleep 0.1
done
curl -sf "$base/health/ready" >/dev/null || { cat "$service_log" >&2; echo "user-consumer not ready in 60 s" >&2; exit 1; }

echo "storing $users users…" >&2
curl -sf -X POST "$base/users" -H 'Content-Type: application/json' \
    -d '{"id":1,"first_name":"First1","last_name":"Last1","email_address":"user1@example.com","created_at":1700000001}' \
    >/dev/null
psql -q "$database_url" -c "
    INSERT INTO users (id, first_name, last_name, email_encrypted, created_at, message_id)
    SELECT g, 'First' || g, 'Last' || g, (SELECT email_encrypted FROM users WHERE id = 1),
        to_timestamp(1700000000 + g), 'bench-' || g
    FROM generate_series(2, $users) AS g" >/dev/null

# wrk runs for its whole -d even once every thread stopped: passes of 30 s until every user is cached.
echo "reading every user once to fill the cache…" >&2
cached=0
for pass in 1 2 3 4 5 6 7 8 9 10; do
    timeout 90 wrk -t "$threads" -c "$connections" -d 30s -s "$here/warm.lua" "$base" -- "$users" "$threads" |
        grep -E "requests in|Non-2xx" >&2
    cached=$(redis-cli -p "$redis_port" --scan --pattern "$key_prefix*" | wc -l)
    echo "warm-up pass $pass: $cached of $users users cached" >&2
    ((cached >= users)) && break
done
((cached >= users)) || { echo "the cache holds $cached of $users users after 10 passes" >&2; exit 1; }

metric() { curl -sf "$base/metrics" | sed -n "s/^user_cache_lookups_total{result=\"$1\"} //p" | cut -d. -f1; }
# shellcheck source=bench/wrk.sh
source "$here/../wrk.sh"

hits_before=$(metric hit)
misses_before=$(metric miss)
user_rates=()
user_p99s=()
live_rates=()
live_p99s=()
for ((round = 1; round <= rounds; round++)); do
    result=$(measure -t "$threads" -c "$connections" -d "${duration}s" -s "$here/random-ids.lua" "$base" -- "$users")
    read -r rate p99 <<<"$result"
    user_rates+=("$rate")
    user_p99s+=("$p99")
    echo "round $round: GET /users/{id}: $rate req/s, p99 $p99 ms" >&2
    result=$(measure -t "$threads" -c "$connections" -d "${duration}s" "$base/health/live")
    read -r rate p99 <<<"$result"
    live_rates+=("$rate")
    live_p99s+=("$p99")
    echo "round $round: GET /health/live: $rate req/s, p99 $p99 ms" >&2
done
hits=$(($(metric hit) - hits_before))
misses=$(($(metric miss) - misses_before))
hit_ratio=$(awk -v h="$hits" -v m="$misses" 'BEGIN { printf "%.2f", (h + m) ? 100 * h / (h + m) : 0 }')

user_rate=$(median "${user_rates[@]}")
user_p99=$(median "${user_p99s[@]}")
live_rate=$(median "${live_rates[@]}")
live_p99=$(median "${live_p99s[@]}")
verdict=$(awk -v r="$user_rate" -v p="$user_p99" 'BEGIN { print (r >= 15000 && p <= 10 ? "meets" : "below") }')
ratio=$(awk -v a="$user_rate" -v b="$live_rate" 'BEGIN { printf "%.0f", 100 * a / b }')
echo "| user-consumer GET /users/{id} from the Redis cache ($users users, random ids, wrk -t$threads -c$connections, loopback) | $user_rate req/s, p99 $user_p99 ms | ≥ 15,000 req/s at p99 ≤ 10 ms | GET /health/live of the same process: $live_rate req/s, p99 $live_p99 ms (ours $ratio% of it); cache hits $hit_ratio% ($verdict the target; medians of $rounds rounds of ${duration} s) |"
