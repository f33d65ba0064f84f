#!/usr/bin/env bash
# user-api's submissions through Kafka (issue 13), each figure with its same-run comparison:
# 1. 1,000,000 users in 100 POST /api/user of 10,000 (4 at a time), from the first POST until every
#    submission is `completed`, against the same run's ceiling for the same rows: the stored rows
#    copied out, the table truncated, and COPY of those rows back into the same table (same indexes);
# 2. POST /api/user of one user at a fixed 1,000 req/s (an open-loop load generator in Python,
#    latency counted from each request's scheduled time, so a stall is not hidden), p99 against
#    GET /health/live of the same process at the same rate with the same generator.
# Usage: bench/user-submissions/run.sh SERVERS_ENV   (bench/run.sh runs it as "user-submissions")
#
# Builds user-api in release mode into $SCRATCH and starts it (ROLE=all: the API and the consumer)
# on a free port against the PostgreSQL, Redis and Kafka of SERVERS_ENV, with a database, topics,
# a consumer group and cache keys of its own. librdkafka 2.16 from confluent-kafka
# (deploy/local/rdkafka-runtime.sh): the local Kafka-API broker needs it.
#
# Settings (environment): SUBMISSIONS (100), USERS_PER_SUBMISSION (10000), POST_PARALLEL (4),
# RATE (1000, req/s), DURATION (20, seconds), CONNECTIONS (64, of the load generator),
# USER_SUBMISSIONS_PARTITIONS (6). wrk2 is not installed here (wrk has no fixed rate).
# Prints Markdown table rows on stdout; details go to stderr.
set -euo pipefail

servers_env=${1:?usage: bench/user-submissions/run.sh SERVERS_ENV}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
submissions=${SUBMISSIONS:-100}
per_submission=${USERS_PER_SUBMISSION:-10000}
post_parallel=${POST_PARALLEL:-4}
rate=${RATE:-1000}
duration=${DURATION:-20}
connections=${CONNECTIONS:-64}
partitions=${USER_SUBMISSIONS_PARTITIONS:-6}
total=$((submissions * per_submission))

bench_name="user-submissions"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
load_servers "$servers_env" POSTGRES_URL REDIS_URL KAFKA_BROKERS
require_tools psql curl redis-cli python3
redis_url=${server[REDIS_URL]}
kafka_brokers=${server[KAFKA_BROKERS]}
[[ $redis_url =~ :([0-9]+) ]] && redis_port=${BASH_REMATCH[1]}
libdir=$("$root/deploy/local/rdkafka-runtime.sh" "$scratch/rdkafka-runtime")
[[ -n $libdir ]] || { log "the local broker needs confluent-kafka's librdkafka: pip install confluent-kafka"; exit 1; }

log "building user-api (release)…"
binary=$(build "$root/services/user-api" user-api)

run_id="bench_user_submissions_$$"
database_url=$(database_url "$run_id")
key_prefix="bench:$run_id:age-groups:"
topic="bench.$run_id"
port=$(free_port)
base="http://127.0.0.1:$port"
make_work_dir
chmod 755 "$work"
service_log="$work/user-api.log"

remove_cache_keys() {
    redis-cli -p "$redis_port" --scan --pattern "$key_prefix*" |
        xargs -r -n 1000 redis-cli -p "$redis_port" UNLINK >/dev/null 2>&1 || true
}
on_exit remove_cache_keys

new_database "$run_id"
LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ROLE=all HTTP_HOST=127.0.0.1 HTTP_PORT=$port \
    POSTGRES_URL=$database_url REDIS_URL=$redis_url KAFKA_BROKERS=$kafka_brokers \
    ELASTICSEARCH_URL=http://127.0.0.1:9 USER_SUBMISSIONS_TOPIC="$topic" \
    USER_SUBMISSIONS_DEAD_LETTER_TOPIC="$topic.dead" USER_SUBMISSIONS_GROUP="$topic" \
    USER_SUBMISSIONS_PARTITIONS="$partitions" USER_AGE_GROUPS_CACHE_KEY_PREFIX="$key_prefix" \
    KAFKA_PRODUCE_TIMEOUT_MS=30000 LOG_LEVEL=warning "$binary" 2>"$service_log" &
service_pid=$!
track_process "$service_pid"
for _ in $(seq 600); do
    curl -sf "$base/health/ready" >/dev/null 2>&1 && break
    kill -0 "$service_pid" 2>/dev/null || { cat "$service_log" >&2; log "user-api exited"; exit 1; }
    sleep 0.1
done
curl -sf "$base/health/ready" >/dev/null || { cat "$service_log" >&2; log "user-api not ready in 60 s"; exit 1; }
scalar() { psql -qtA "$database_url" -c "$1"; }

# 1. The bodies first (not timed): user i is "user i", aged i % 100, with an address.
echo "writing $submissions bodies of $per_submission users…" >&2
python3 - "$work" "$submissions" "$per_submission" <<'EOF'
import sys
work, submissions, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for s in range(submissions):
    first = s * per
    users = ",".join(
        '{"name":"user %d","age":%d,"email":"user%d@example.com"}' % (i, i % 100, i) for i in range(first, first + per))
    with open("%s/body-%03d.json" % (work, s), "w") as f:
        f.write("[" + users + "]")
EOF

echo "POSTing $total users in $submissions requests ($post_parallel at a time)…" >&2
started=$(date +%s.%N)
# shellcheck disable=SC2016
if ! printf '%s\n' "$work"/body-*.json | xargs -P "$post_parallel" -I{} sh -c \
    'code=$(curl -s -o /dev/null -w "%{http_code}" -H "Content-Type: application/json" --data-binary @"$1" "$2/api/user"); [ "$code" = 202 ] || { echo "POST answered $code" >&2; exit 255; }' \
    _ {} "$base"; then
    echo "a POST was not accepted" >&2
    exit 1
fi
posted=$(date +%s.%N)
completed=""
for _ in $(seq 6000); do
    if [[ $(scalar "SELECT count(*) FROM user_submissions WHERE status = 'completed'") == "$submissions" ]]; then
        completed=$(date +%s.%N)
        break
    fi
    sleep 0.1
done
[[ -n $completed ]] || { echo "not every submission completed within 600 s: $(scalar "SELECT status, count(*) FROM user_submissions GROUP BY 1")" >&2; exit 1; }
stored=$(scalar "SELECT count(*) FROM submitted_users")
[[ $stored == "$total" ]] || { echo "stored $stored of $total users" >&2; exit 1; }
pipeline_s=$(awk -v s="$started" -v e="$completed" 'BEGIN { printf "%.1f", e - s }')
post_s=$(awk -v s="$started" -v e="$posted" 'BEGIN { printf "%.1f", e - s }')
pipeline_rate=$(awk -v n="$total" -v t="$pipeline_s" 'BEGIN { printf "%d", n / t }')
echo "pipeline: $total users in $pipeline_s s (the POSTs took $post_s s): $pipeline_rate users/s" >&2

# The ceiling: the same rows, COPY back into the same (truncated) table with the same indexes.
psql -q "$database_url" -c "\\copy submitted_users TO '$work/rows.copy'"
psql -q "$database_url" -c "TRUNCATE submitted_users"
copy_started=$(date +%s.%N)
psql -q "$database_url" -c "\\copy submitted_users FROM '$work/rows.copy'"
copy_s=$(awk -v s="$copy_started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
[[ $(scalar "SELECT count(*) FROM submitted_users") == "$total" ]] || { echo "COPY did not restore every row" >&2; exit 1; }
copy_rate=$(awk -v n="$total" -v t="$copy_s" 'BEGIN { printf "%d", n / t }')
share=$(awk -v a="$pipeline_rate" -v b="$copy_rate" 'BEGIN { printf "%.0f", 100 * a / b }')
verdict=$(awk -v q="$share" 'BEGIN { print (q >= 50 ? "meets" : "below") }')
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| user-api POST /api/user → Kafka → consumer → PostgreSQL ($total users in $submissions POSTs of $per_submission, $post_parallel at a time, one consumer, $partitions partitions) | $pipeline_s s from the first POST to all completed ($pipeline_rate users/s; the POSTs themselves $post_s s) | ≥ 50% of the same rows' COPY | COPY of the same rows into the same table: $copy_s s ($copy_rate rows/s): ours $share% ($verdict the target); load average $load (machine shared with other work) |"

# 2. One user per POST at a fixed rate, against /health/live at the same rate.
open_loop() { # PATH BODY_KIND
    timeout $((duration + 120)) python3 - "$port" "$1" "$2" "$rate" "$duration" "$connections" "$run_id" <<'EOF'
import asyncio, sys, time

port, path, kind = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rate, duration, connections, run = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
total = int(rate * duration)
latencies, bad = [], []

def request(i):
    if kind == "get":
        return ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path).encode()
    body = ('{"name":"rate %s %d","age":%d}' % (run, i, i % 100)).encode()
    head = "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    return (head % (path, len(body))).encode() + body

async def worker(queue, start):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    while True:
        i = await queue.get()
        if i is None:
            writer.close()
            return
        writer.write(request(i))
        status = await reader.readline()
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await reader.readexactly(length)
        # From the moment it was due, not when it was sent: a stall counts for every request behind it.
        latencies.append(time.monotonic() - (start + i / rate))
        code = status.split(b" ")[1]
        if code not in (b"200", b"202"):
            bad.append(code)

async def main():
    queue = asyncio.Queue()
    start = time.monotonic() + 0.5
    workers = [asyncio.create_task(worker(queue, start)) for _ in range(connections)]
    for i in range(total):
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(i)
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.wait_for(asyncio.gather(*workers), timeout=duration + 60)
    elapsed = time.monotonic() - start
    latencies.sort()
    def pct(p): return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    print("%d %.2f %.2f %.2f %d %.0f" % (len(latencies), pct(0.5), pct(0.99), 1000 * latencies[-1], len(bad), len(latencies) / elapsed))

asyncio.run(main())
EOF
}
echo "POST /api/user of one user at $rate req/s for $duration s…" >&2
read -r post_n post_p50 post_p99 post_max post_bad post_rate <<<"$(open_loop /api/user post)"
echo "POST: $post_n requests ($post_rate req/s), p50 $post_p50 ms, p99 $post_p99 ms, max $post_max ms, $post_bad not 202" >&2
((post_bad == 0)) || { echo "$post_bad POSTs were not accepted" >&2; exit 1; }
echo "GET /health/live at $rate req/s for $duration s…" >&2
read -r live_n live_p50 live_p99 live_max live_bad live_rate <<<"$(open_loop /health/live get)"
echo "live: $live_n requests ($live_rate req/s), p50 $live_p50 ms, p99 $live_p99 ms, max $live_max ms" >&2
((live_bad == 0)) || { echo "$live_bad GET /health/live answers were not 200" >&2; exit 1; }
single_verdict=$(awk -v p="$post_p99" 'BEGIN { print (p <= 20 ? "meets" : "below") }')
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| user-api POST /api/user of one user at a fixed $rate req/s ($duration s, $connections connections, open loop, 202 after Kafka's acknowledgement) | p99 $post_p99 ms (p50 $post_p50, max $post_max; $post_rate req/s achieved) | p99 ≤ 20 ms at 1,000 req/s | GET /health/live of the same process at the same rate, same generator: p99 $live_p99 ms (p50 $live_p50); $single_verdict the target; load average $load (machine shared with other work) |"
