#!/usr/bin/env bash
# Users from CSV, end to end: a generated ROWS-row users CSV (default 1,000,000) published by
# `csv-producer publish` (release) to RabbitMQ and stored by user-consumer (release, ROLE=worker)
# in PostgreSQL. Measures the time from the start of the publish to the last committed row, and the
# producer's peak resident memory (/usr/bin/time). Same run, for comparison: `publish --dry-run`
# (reading and validating only: the floor of the producer) and one `COPY` of the same rows into an
# empty copy of the table (PostgreSQL's own floor for storing them).
#
#   bench/user-ingest/run.sh SERVERS_ENV
#
# Settings (environment): ROWS (1000000), ROWS_PER_MESSAGE (500), TIME_LIMIT (120 s for the rows to
# be committed), CONSUMER_WRAPPER (a command to run user-consumer under, for profiling: e.g.
# "perf record -F 999 -g -o /tmp/consumer.perf --"; the consumer's other variables, such as
# USER_INGEST_CONCURRENT_BATCHES, pass through). Everything runs on 127.0.0.1 in a dedicated database, exchange and queue, dropped
# and deleted at the end. Prints Markdown rows on stdout, details on stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
scratch=${SCRATCH:-$root/.build}
rows=${ROWS:-1000000}
rows_per_message=${ROWS_PER_MESSAGE:-500}
time_limit=${TIME_LIMIT:-120}
say() { printf 'bench/user-ingest: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

env_file=${1:-}
[[ -f $env_file ]] || die "usage: bench/user-ingest/run.sh SERVERS_ENV"
value() { sed -n "s/^$1=//p" "$env_file" | tail -n 1; }
postgres_url=$(value POSTGRES_URL)
amqp_url=$(value AMQP_URL)
[[ $postgres_url == *@127.0.0.1:* && $amqp_url == *@127.0.0.1:* ]] || die "servers must be on 127.0.0.1"
management_url=$(value RABBITMQ_MANAGEMENT_URL)
for cmd in psql curl /usr/bin/time python3 awk; do command -v "$cmd" >/dev/null || die "$cmd missing: make deps"; done

export SWIFT_DETERMINISTIC_HASHING=1
say "building csv-producer and user-consumer (release)…"
for package in csv-producer user-consumer; do
    SCRATCH=$scratch "$root/deploy/build-product.sh" "$root/services/$package" "$package" >/dev/null
done
bin=$(swift build -c release --package-path "$root/services/user-consumer" --scratch-path "$scratch" --show-bin-path)

work=$(mktemp -d /tmp/tributary-user-ingest.XXXXXX)
database=bench_user_ingest_$$
exchange=bench.users.$$
queue=$exchange.ingest
bench_url=${postgres_url%/*}/$database
consumer_pid=
cleanup() {
    [[ -n $consumer_pid ]] && kill -TERM "$consumer_pid" 2>/dev/null && wait "$consumer_pid" 2>/dev/null
    psql "$postgres_url" -qc "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
    for name in "$queue" "$queue.dead"; do
        curl -fsS -u guest:guest -X DELETE "$management_url/api/queues/%2f/$name" >/dev/null 2>&1 || true
    done
    curl -fsS -u guest:guest -X DELETE "$management_url/api/exchanges/%2f/$exchange" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

say "generating $rows rows…"
python3 "$here/generate_users.py" "$rows" "$work/users.csv"
psql "$postgres_url" -qc "CREATE DATABASE $database" >/dev/null

say "user-consumer (ROLE=worker) on database $database, queue $queue"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
env POSTGRES_URL="$bench_url" AMQP_URL="$amqp_url" REDIS_URL="$(value REDIS_URL)" ROLE=worker \
    HTTP_HOST=127.0.0.1 HTTP_PORT="$port" LOG_LEVEL=warning \
    USER_INGEST_EXCHANGE="$exchange" USER_INGEST_QUEUE="$queue" \
    ${CONSUMER_WRAPPER:-} "$bin/user-consumer" >"$work/consumer.log" 2>&1 &
consumer_pid=$!
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$consumer_pid" 2>/dev/null || die "user-consumer exited: $(tail -n 5 "$work/consumer.log")"
    sleep 0.1
done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || die "user-consumer not ready: $(tail -n 5 "$work/consumer.log")"

calc() { awk "BEGIN { printf \"%.3f\", $* }"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# CPU ticks of a process and all its descendants (PostgreSQL's backends, RabbitMQ's Erlang VM).
tree_ticks() {
    python3 - "$1" <<'PY'
import os, sys
stats = {}
for entry in os.listdir("/proc"):
    if entry.isdigit():
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            stats[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14]))
        except OSError:
            pass
root, total, todo = int(sys.argv[1]), 0, [int(sys.argv[1])]
while todo:
    pid = todo.pop()
    total += stats.get(pid, (0, 0))[1]
    todo += [child for child, (parent, _) in stats.items() if parent == pid]
print(total)
PY
}
servers_dir=$(dirname "$env_file")
postgres_pid=$(head -n 1 "$servers_dir/postgres/data/postmaster.pid" 2>/dev/null || echo 0)
rabbitmq_pid=$(cat "$servers_dir/rabbitmq/rabbitmq.pid" 2>/dev/null || echo 0)
count_rows() { psql "$bench_url" -tAc "SELECT count(*) FROM users"; }
# The highest stored id, from the primary key's index: cheap enough to poll every 50 ms, where a
# count(*) of a growing table would take PostgreSQL's CPU from the run it measures.
last_id() { psql "$bench_url" -tAc "SELECT coalesce(max(id), 0) FROM users"; }

say "dry run (read and validate only)…"
dry_started=$(date +%s.%N)
"$bin/csv-producer" publish "$work/users.csv" --dry-run >/dev/null 2>"$work/dry.log"
dry_seconds=$(calc "$(date +%s.%N) - $dry_started")

say "publishing $rows rows, $rows_per_message per message…"
consumer_ticks_before=$(cpu_ticks "$consumer_pid")
postgres_ticks_before=$(tree_ticks "$postgres_pid")
rabbitmq_ticks_before=$(tree_ticks "$rabbitmq_pid")
started=$(date +%s.%N)
/usr/bin/time -f '%M %U %S' -o "$work/producer.time" "$bin/csv-producer" publish "$work/users.csv" \
    --amqp-url "$amqp_url" --exchange "$exchange" --queue "$queue" --rows-per-message "$rows_per_message" \
    2>"$work/producer.log" || die "publish failed: $(tail -n 5 "$work/producer.log")"
published=$(date +%s.%N)
deadline=$(($(date +%s) + time_limit))
stored=0
while (($(date +%s) < deadline)); do
    if (($(last_id) == rows)); then
        # The last row is in; with several batches stored at once an earlier one may still commit.
        stored=$(count_rows)
        ((stored == rows)) && break
    fi
    sleep 0.05
done
finished=$(date +%s.%N)
consumer_ticks=$(($(cpu_ticks "$consumer_pid") - consumer_ticks_before))
postgres_ticks=$(($(tree_ticks "$postgres_pid") - postgres_ticks_before))
rabbitmq_ticks=$(($(tree_ticks "$rabbitmq_pid") - rabbitmq_ticks_before))
((stored == rows)) || die "only $stored of $rows rows committed within ${time_limit} s"

read -r rss_kib producer_user producer_system <"$work/producer.time"
total=$(calc "$finished - $started")
publish_seconds=$(calc "$published - $started")
hz=$(getconf CLK_TCK)
say "producer: $(tail -n 1 "$work/producer.log")"
say "publish took ${publish_seconds} s; last row committed after ${total} s"
cpu="producer $(calc "$producer_user + $producer_system") s, user-consumer $(calc "$consumer_ticks / $hz") s,"
cpu+=" PostgreSQL $(calc "$postgres_ticks / $hz") s, RabbitMQ $(calc "$rabbitmq_ticks / $hz") s"
say "CPU time during the run (includes the polling psql's backends): $cpu"

say "same rows with one COPY into an empty copy of the table (PostgreSQL's floor)…"
psql "$bench_url" -qc "CREATE TABLE users_copy (LIKE users INCLUDING ALL)" >/dev/null
copy_started=$(date +%s.%N)
psql "$bench_url" -qc "\\copy users_copy (id, first_name, last_name, email_encrypted, created_at, deleted_at, merged_at, parent_user_id, message_id, updated_at) FROM PROGRAM 'psql \"$bench_url\" -qAtc \"COPY users TO STDOUT\"'" >/dev/null
copy_seconds=$(calc "$(date +%s.%N) - $copy_started")

rate=$(awk "BEGIN { printf \"%d\", $rows / $total }")
printf '| CSV → PostgreSQL, %s rows (%s per message) | %.1f s (%s rows/s) | ≤ 20 s | publish alone %.1f s; `--dry-run` %.1f s; `COPY` of the same rows %.1f s |\n' \
    "$rows" "$rows_per_message" "$total" "$rate" "$publish_seconds" "$dry_seconds" "$copy_seconds"
printf '| csv-producer peak resident memory | %s MB | ≤ 50 MB | |\n' "$((rss_kib / 1024))"
