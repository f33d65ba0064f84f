#!/usr/bin/env bash
# user-api's three benchmarks in one run, each with its same-run comparison:
# 1. GET /users/{email} served from the Redis cache, against /health/live of the same process
#    (the ceiling of the HTTP stack alone), wrk --latency with random addresses on loopback;
# 2. POST /users with 16 connections (each a new user: a row, its outbox row, a cache write);
#    The same statement from pgbench with as many clients is the same-run ceiling of PostgreSQL.
# 3. the search index catching up: users written while Elasticsearch is stopped (the POSTs of 2 and
#    pgbench's rows, topped up to CATCH_UP_USERS with rows and outbox rows inserted in SQL as POST
#    writes them),
#    then the seconds from Elasticsearch's restart until the index holds exactly the table's users.
# Usage: bench/user-api/run.sh SERVERS_ENV
#
# Builds user-api in release mode into $SCRATCH, starts it (ROLE=all) on a free port against the
# PostgreSQL, Redis and Kafka of SERVERS_ENV (a database and a cache key prefix of its own) and an
# Elasticsearch-API server of its own (deploy/local/servers.sh, so it can be stopped and started).
#
# Settings (environment): USERS (20000, read by 1), THREADS (2), CONNECTIONS (32, for 1),
# DURATION (20, seconds), ROUNDS (3, alternating with /health/live; medians reported),
# POST_CONNECTIONS (16), POSTGRES_POOL_SIZE (the POST connections), CATCH_UP_USERS (100000).
# Prints Markdown table rows on stdout; details go to stderr.
set -euo pipefail

servers_env=${1:?usage: bench/user-api/run.sh SERVERS_ENV}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
users=${USERS:-20000}
threads=${THREADS:-2}
connections=${CONNECTIONS:-32}
duration=${DURATION:-20}
rounds=${ROUNDS:-3}
post_connections=${POST_CONNECTIONS:-16}
catch_up_users=${CATCH_UP_USERS:-100000}

bench_name="user-api"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
load_servers "$servers_env" POSTGRES_URL REDIS_URL KAFKA_BROKERS
require_tools wrk psql pgbench curl redis-cli python3
redis_url=${server[REDIS_URL]}
kafka_brokers=${server[KAFKA_BROKERS]}
[[ $redis_url =~ :([0-9]+) ]] && redis_port=${BASH_REMATCH[1]}
# user-api's submissions consumer (ROLE=all) talks to Kafka: the local broker needs librdkafka 2.16.
libdir=$("$root/deploy/local/rdkafka-runtime.sh" "$scratch/rdkafka-runtime")

log "building user-api (release)…"
binary=$(build "$root/services/user-api" user-api)

run_id="bench_user_api_$$"
database_url=$(database_url "$run_id")
key_prefix="bench:$run_id:user:"
index="bench-user-api-$$"
port=$(free_port)
base="http://127.0.0.1:$port"
make_work_dir
chmod 755 "$work"
service_log="$work/user-api.log"
es_dir="$work/elasticsearch"
mkdir -p "$es_dir"

stop_elasticsearch() { "$root/deploy/local/servers.sh" stop "$es_dir" >/dev/null 2>&1 || true; }
remove_cache_keys() {
    redis-cli -p "$redis_port" --scan --pattern "$key_prefix*" |
        xargs -r -n 1000 redis-cli -p "$redis_port" UNLINK >/dev/null 2>&1 || true
}
on_exit stop_elasticsearch
on_exit remove_cache_keys

# A private Elasticsearch-API server on a free port (blank port variables: servers.sh picks one).
ELASTICSEARCH_PORT='' FAST_UNSAFE=1 "$root/deploy/local/servers.sh" start "$es_dir" elasticsearch >&2
elasticsearch_url=$(sed -n 's/^ELASTICSEARCH_URL=//p' "$es_dir/servers.env" | tail -n 1)

new_database "$run_id"
# POSTGRES_POOL_SIZE as large as the POST connections (PostgreSQL commits concurrent transactions
# together, so fewer connections than writers leave its group commit half used).
LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    ROLE=all HTTP_HOST=127.0.0.1 HTTP_PORT=$port POSTGRES_URL=$database_url REDIS_URL=$redis_url \
    POSTGRES_POOL_SIZE=${POSTGRES_POOL_SIZE:-$post_connections} \
    KAFKA_BROKERS=$kafka_brokers ELASTICSEARCH_URL=$elasticsearch_url USER_CACHE_KEY_PREFIX=$key_prefix \
    USER_SEARCH_INDEX=$index LOG_LEVEL=warning "$binary" 2>"$service_log" &
service_pid=$!
track_process "$service_pid"
for _ in $(seq 600); do
    curl -sf "$base/health/ready" >/dev/null 2>&1 && break
    kill -0 "$service_pid" 2>/dev/null || { cat "$service_log" >&2; echo "user-api exited" >&2; exit 1; }
    sleep 0.1
done
curl -sf "$base/health/ready" >/dev/null || { cat "$service_log" >&2; echo "user-api not ready in 60 s" >&2; exit 1; }

# Rows and outbox rows as POST /users writes them (one version each from the sequence).
insert_users() { # FIRST LAST PREFIX
    psql -q "$database_url" -c "
        WITH inserted AS (
            INSERT INTO managed_users (id, name, email, role, version, created_at, updated_at)
            SELECT gen_random_uuid(), 'User ' || g, '$3' || g || '@example.com',
                (ARRAY['admin','member','viewer'])[1 + g % 3], nextval('managed_user_versions'), now(), now()
            FROM generate_series($1, $2) AS g
            RETURNING id, version)
        INSERT INTO managed_user_outbox (user_id, version, operation) SELECT id, version, 'create' FROM inserted" \
        >/dev/null
}
scalar() { psql -qtA "$database_url" -c "$1"; }
indexed() {
    curl -sf -XPOST "$elasticsearch_url/$index/_count" -H 'Content-Type: application/json' \
        -d '{"query":{"bool":{"must_not":[{"term":{"deleted":true}}]}}}' |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])' 2>/dev/null || echo -1
}

echo "storing $users users and indexing them…" >&2
insert_users 1 "$users" user
for _ in $(seq 1200); do
    [[ $(scalar "SELECT count(*) FROM managed_user_outbox") == 0 ]] && break
    sleep 0.5
done

echo "reading every user once to fill the cache…" >&2
cached=0
for pass in 1 2 3 4 5; do
    timeout 90 wrk -t "$threads" -c "$connections" -d 30s -s "$root/bench/user-cache/warm.lua" "$base" -- "$users" "$threads" /users/user @example.com |
        grep -E "requests in|Non-2xx" >&2
    cached=$(redis-cli -p "$redis_port" --scan --pattern "$key_prefix*" | wc -l)
    echo "warm-up pass $pass: $cached of $users users cached" >&2
    ((cached >= users)) && break
done
((cached >= users)) || { echo "the cache holds $cached of $users users after 5 passes" >&2; exit 1; }

metric() { curl -sf "$base/metrics" | sed -n "s/^user_cache_lookups_total{result=\"$1\"} //p" | cut -d. -f1; }
# shellcheck source=bench/wrk.sh
source "$here/../wrk.sh"

# 1. GET /users/{email} from the cache against /health/live.
hits_before=$(metric hit)
misses_before=$(metric miss)
user_rates=() user_p99s=() live_rates=() live_p99s=()
for ((round = 1; round <= rounds; round++)); do
    read -r rate p99 <<<"$(measure -t "$threads" -c "$connections" -d "${duration}s" -s "$root/bench/user-cache/random-ids.lua" "$base" -- "$users" /users/user @example.com)"
    user_rates+=("$rate") user_p99s+=("$p99")
    echo "round $round: GET /users/{email}: $rate req/s, p99 $p99 ms" >&2
    read -r rate p99 <<<"$(measure -t "$threads" -c "$connections" -d "${duration}s" "$base/health/live")"
    live_rates+=("$rate") live_p99s+=("$p99")
    echo "round $round: GET /health/live: $rate req/s, p99 $p99 ms" >&2
done
hits=$(($(metric hit) - hits_before))
misses=$(($(metric miss) - misses_before))
hit_ratio=$(awk -v h="$hits" -v m="$misses" 'BEGIN { printf "%.2f", (h + m) ? 100 * h / (h + m) : 0 }')
user_rate=$(median "${user_rates[@]}") user_p99=$(median "${user_p99s[@]}")
live_rate=$(median "${live_rates[@]}") live_p99=$(median "${live_p99s[@]}")
ratio=$(awk -v a="$user_rate" -v b="$live_rate" 'BEGIN { printf "%.0f", 100 * a / b }')
verdict=$(awk -v r="$user_rate" -v p="$user_p99" -v q="$ratio" 'BEGIN { print (r >= 15000 && p <= 10 && q >= 50 ? "meets" : "below") }')
echo "| user-api GET /users/{email} from the Redis cache ($users users, random addresses, wrk -t$threads -c$connections, loopback) | $user_rate req/s, p99 $user_p99 ms | ≥ 15,000 req/s at p99 ≤ 10 ms, ≥ 50% of /health/live | GET /health/live of the same process: $live_rate req/s, p99 $live_p99 ms (ours $ratio% of it); cache hits $hit_ratio% ($verdict the target; medians of $rounds rounds of ${duration} s) |"

# 2. POST /users with Elasticsearch stopped (its outbox rows wait for 3).
"$root/deploy/local/servers.sh" stop "$es_dir" >&2
table_before=$(scalar "SELECT count(*) FROM managed_users")
read -r post_rate post_p99 <<<"$(measure -t "$threads" -c "$post_connections" -d "${duration}s" -s "$here/post-users.lua" "$base" -- "$$")"
posted=$(($(scalar "SELECT count(*) FROM managed_users") - table_before))
# The same statement straight from pgbench with as many clients: PostgreSQL's own ceiling here.
pgbench_tps=$(pgbench -n -c "$post_connections" -j "$threads" -T "$duration" -f "$here/insert-user.sql" "$database_url" 2>&1 |
    awk '/^tps = / { printf "%d", $3 }')
pgbench_rows=$(($(scalar "SELECT count(*) FROM managed_users") - table_before - posted))
post_verdict=$(awk -v r="$post_rate" 'BEGIN { print (r >= 3000 ? "meets" : "below") }')
echo "| user-api POST /users (new users, wrk -t$threads -c$post_connections, ${duration} s, Elasticsearch stopped) | $post_rate req/s, p99 $post_p99 ms | ≥ 3,000 req/s with 16 connections | $posted users stored, each with its outbox row; the same INSERT from pgbench with $post_connections clients: $pgbench_tps tx/s ($post_verdict the target) |"

# 3. Top up to CATCH_UP_USERS written while it is down, start it, time the catch-up.
written=$((posted + pgbench_rows))
if ((written < catch_up_users)); then insert_users 1 $((catch_up_users - written)) "down-"; fi
waiting=$(scalar "SELECT count(*) FROM managed_user_outbox")
table=$(scalar "SELECT count(*) FROM managed_users")
echo "$waiting outbox rows waiting, $table users in the table; starting Elasticsearch…" >&2
"$root/deploy/local/servers.sh" start "$es_dir" elasticsearch >&2
started=$(date +%s.%N)
caught_up=""
for _ in $(seq 1200); do
    if [[ $(scalar "SELECT count(*) FROM managed_user_outbox") == 0 && $(indexed) == "$table" ]]; then
        caught_up=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
        break
    fi
    sleep 0.25
done
[[ -n $caught_up ]] || { echo "the index did not catch up within 300 s: $(indexed) of $table" >&2; exit 1; }
catch_verdict=$(awk -v t="$caught_up" 'BEGIN { print (t <= 30 ? "meets" : "below") }')
echo "| user-api search index catching up after an Elasticsearch outage ($((table - table_before)) users written while it was down, $waiting outbox rows) | $caught_up s from its restart until the index equals the table | ≤ 30 s | index count $(indexed) = table count $table; POST rate while it was down: $post_rate req/s ($catch_verdict the target) |"
