#!/usr/bin/env bash
# Uploaded files (issue 11) on release builds of log-api and log-worker, on the servers of SERVERS_ENV
# (127.0.0.1 only):
#
#   bench/file-upload/run.sh SERVERS_ENV
#
#   1. throughput: an NDJSON file of RECORDS records (~250 bytes each: 400,000 ≈ 100 MB) uploaded with curl
#      (`POST /files`), timed from the upload's first byte to `completed` (polled every 100 ms), in rows/s;
#      compared with one `\copy` of the very rows log-worker stored into a fresh `logs` table with the same
#      columns and indexes (`pg_dump --schema-only` of the one log-worker made), in the same run;
#   2. memory: an NDJSON file of BIG_MB MiB (default 1024) uploaded and processed; log-worker's peak resident
#      memory (VmHWM; a worker started for it alone);
#   3. notifications: SUBSCRIBERS (1000) WebSockets each following one file, EVENTS (100) file events
#      published on Redis every INTERVAL_MS (20); every event at every socket, the delay from just before
#      the PUBLISH to the receipt (file-upload-bench notify).
#
# Settings (environment): RECORDS, BIG_MB, SUBSCRIBERS, EVENTS, INTERVAL_MS, SCRATCH (<repo>/.build); the
# workers' own variables pass through (FILE_BATCH_SIZE, FILE_CONCURRENCY, …). Prints Markdown rows
# `| benchmark | result | target | comparison |` on stdout; details on stderr.
set -euo pipefail

servers_env=${1:?usage: bench/file-upload/run.sh SERVERS_ENV}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
records=${RECORDS:-400000}
big_mb=${BIG_MB:-1024}
subscribers=${SUBSCRIBERS:-1000}
events=${EVENTS:-100}
interval_ms=${INTERVAL_MS:-20}

bench_name="file-upload"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
load_servers "$servers_env" POSTGRES_URL AMQP_URL REDIS_URL S3_ENDPOINT
require_tools psql pg_dump curl python3

log "building (release)…"
worker_bin=$(build "$root/services/log-worker" log-worker)
api_bin=$(build "$root/services/log-api" log-api)
bench_bin=$(build "$here" file-upload-bench)

make_work_dir

names=bench.files.$$
db=bench_files_$$
new_database "$db"
service_env() { # PORT
    local name
    for name in "${!server[@]}"; do printf '%s=%s\n' "$name" "${server[$name]}"; done
    printf '%s\n' "POSTGRES_URL=$(database_url "$db")" "HTTP_HOST=127.0.0.1" "HTTP_PORT=$1" \
        "LOG_LEVEL=${BENCH_SERVICE_LOG_LEVEL:-warning}" "S3_BUCKET=bench-files-$$" "FILE_EXCHANGE=$names" \
        "FILE_QUEUE=$names.process" "FILE_EVENTS_CHANNEL=$names.events" "LOG_INGEST_EXCHANGE=$names.logs" \
        "LOG_INGEST_QUEUE=$names.logs.ingest" "FILE_MAX_BYTES=$(((big_mb + 64) << 20))"
    env | grep -E '^(FILE_BATCH|FILE_CONCURRENCY|FILE_PROGRESS|NOTIFY_|POSTGRES_POOL_SIZE=)' || true
}
start_service() { # BINARY NAME → $service_pid, $service_port
    service_port=$(free_port)
    local -a environment
    mapfile -t environment < <(service_env "$service_port")
    env -i PATH="$PATH" "${environment[@]}" "$1" >"$work/$2.log" 2>&1 &
    service_pid=$!
    track_process "$service_pid"
}
wait_ready() { # PORT NAME
    local deadline=$((SECONDS + 120))
    until curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null; do
        ((SECONDS < deadline)) || { log "$2 not ready:"; tail -n 20 "$work/$2.log" >&2; exit 1; }
        sleep 0.1
    done
}
ndjson() { # FILE COUNT: records like the clients' logs, ~250 bytes each
    python3 - "$1" "$2" <<'PY'
import sys
path, count = sys.argv[1], int(sys.argv[2])
levels = ["debug", "info", "warning", "error"]
with open(path, "w", buffering=1 << 20) as out:
    for n in range(count):
        out.write('{"timestamp":"2026-12-07T10:%02d:%02d.%03dZ","level":"%s","service":"checkout-%d",'
                  '"message":"order %d handled by worker %d after %d ms","data":{"order_id":%d,"items":%d,'
                  '"region":"eu-west-%d","retry":%s,"trace_id":"%024x"}}\n'
                  % (n // 60000 % 60, n // 1000 % 60, n % 1000, levels[n % 4], n % 7, n, n % 13, n % 997,
                     n, n % 9, n % 3, "true" if n % 11 == 0 else "false", n * 2654435761 % (1 << 96)))
PY
}
upload() { # PORT FILE NAME → prints the file id
    # --upload-file streams the file; --data-binary would read it into memory whole (and fails past 1 GiB).
    curl -sf -X POST -H 'Expect:' -H 'Content-Type: application/x-ndjson' --upload-file "$2" \
        "http://127.0.0.1:$1/files?name=$3&force=true" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}
wait_final() { # PORT ID → prints status|records_stored|records_rejected
    local deadline=$((SECONDS + 3600)) answer
    while true; do
        answer=$(curl -sf "http://127.0.0.1:$1/files/$2" | python3 -c \
            'import json, sys; f = json.load(sys.stdin); print("%s|%s|%s" % (f["status"], f["records_stored"], f["records_rejected"]))')
        [[ $answer == completed* || $answer == failed* ]] && { echo "$answer"; return 0; }
        ((SECONDS < deadline)) || { log "file $2 not final: $answer"; return 1; }
        sleep 0.1
    done
}
ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # PID: user + system ticks so far
peak_rss_mb() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# log-api first: its sweeper creates the bucket log-worker's readiness asks for.
start_services() {
    start_service "$api_bin" log-api
    api_port=$service_port
    api_pid=$service_pid
    wait_ready "$api_port" log-api
    start_service "$worker_bin" log-worker
    worker_pid=$service_pid
    wait_ready "$service_port" log-worker
}
rows_out=()
start_services

# ---------------------------------------------------------------- 1. upload → completed vs COPY
log "writing $records NDJSON records…"
ndjson "$work/records.ndjson" "$records"
size=$(stat -c %s "$work/records.ndjson")
log "uploading $(awk -v s="$size" 'BEGIN { printf "%.1f MB", s / 1e6 }')…"
started_at=$(now)
id=$(upload "$api_port" "$work/records.ndjson" records.ndjson)
uploaded_at=$(now)
outcome=$(wait_final "$api_port" "$id")
finished_at=$(now)
stored=$(cut -d'|' -f2 <<<"$outcome")
seconds=$(elapsed "$started_at" "$finished_at")
rate=$(awk -v n="$stored" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
processing=$(psql -qtA "$(database_url "$db")" -c \
    "SELECT round(extract(epoch FROM finished_at - started_at)::numeric, 3) FROM files WHERE id = '$id'")
log "upload $(elapsed "$started_at" "$uploaded_at") s, processing $processing s, $outcome: $rate rows/s end to end"

log "COPY of the same rows into a fresh logs table…"
psql -q "$(database_url "$db")" -c "\\copy (SELECT * FROM logs WHERE file_id = '$id') TO '$work/rows.copy'"
copy_rates=()
for round in 1 2; do
    copy_db=bench_files_copy_$$_$round
    new_database "$copy_db"
    # The table's trigram index needs its extension, which a dump of one table leaves out; a restore
    # that fails part-way would measure a table without that index, so any error stops the run.
    psql -q -v ON_ERROR_STOP=1 "$(database_url "$copy_db")" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
    pg_dump --schema-only -t logs "$(database_url "$db")" | grep -v 'FOREIGN KEY\|REFERENCES' |
        psql -q -v ON_ERROR_STOP=1 "$(database_url "$copy_db")" >/dev/null
    copy_started=$(now)
    psql -q "$(database_url "$copy_db")" -c "\\copy logs FROM '$work/rows.copy'"
    copy_seconds=$(elapsed "$copy_started" "$(now)")
    copy_rates+=("$(awk -v n="$stored" -v s="$copy_seconds" 'BEGIN { printf "%.0f", n / s }')")
    log "COPY $round: $stored rows in $copy_seconds s: ${copy_rates[-1]} rows/s"
    psql -q "${server[POSTGRES_URL]}" -c "DROP DATABASE $copy_db WITH (FORCE)" >/dev/null
done
copy_rate=$(printf '%s\n' "${copy_rates[@]}" | sort -n | tail -n 1)
ratio=$(awk -v a="$rate" -v b="$copy_rate" 'BEGIN { printf "%.0f", 100 * a / b }')
rows_out+=("| file upload: $records-record NDJSON ($(awk -v s="$size" 'BEGIN { printf "%.0f MB", s / 1e6 }')) from upload to completed | $rate rows/s | ≥ 50% of the same rows' COPY | COPY $copy_rate rows/s (faster of ${copy_rates[*]}); ratio $ratio% ($(awk -v r="$ratio" 'BEGIN { print (r >= 50 ? "meets" : "below") }') the target); upload $(elapsed "$started_at" "$uploaded_at") s, processing $processing s; $outcome |")

# ---------------------------------------------------------------- 3. notifications (before the big file)
log "notifications: $subscribers sockets, $events events every $interval_ms ms…"
tiny=$(printf '{"message":"one"}\n' >"$work/tiny.ndjson"; upload "$api_port" "$work/tiny.ndjson" tiny.ndjson)
wait_final "$api_port" "$tiny" >/dev/null
api_ticks=$(cpu_ticks "$api_pid")
"$bench_bin" notify "ws://127.0.0.1:$api_port/notifications/events" "${server[REDIS_URL]}" "$names.events" \
    "$tiny" "$subscribers" "$events" "$interval_ms" >"$work/notify.txt" &
client_pid=$!
client_ticks=0
while kill -0 "$client_pid" 2>/dev/null; do # the client's CPU, read until it exits
    client_ticks=$(cpu_ticks "$client_pid" 2>/dev/null || echo "$client_ticks")
    sleep 0.2
done
wait "$client_pid"
api_cpu=$(($(cpu_ticks "$api_pid") - api_ticks))
cat "$work/notify.txt" >&2
log "CPU during the notifications: log-api $((api_cpu * 1000 / ticks_per_second)) ms, the 1000 clients $((client_ticks * 1000 / ticks_per_second)) ms"
value() { sed -n "s/^$1=//p" "$work/notify.txt"; }
p99=$(value p99_ms)
rows_out+=("| file notifications: $subscribers WebSocket subscribers of one file each, $events events every $interval_ms ms | p99 $p99 ms | ≤ 100 ms, every event at every socket | $(value received) of $((subscribers * events)) received ($(value missing) missing); p50 $(value p50_ms) ms, max $(value max_ms) ms; $(awk -v p="$p99" 'BEGIN { print (p + 0 <= 100 ? "meets" : "below") }') the target |")

# ---------------------------------------------------------------- 2. peak memory on a big file
stop_started
start_services
big_records=$(((big_mb << 20) / 248)) # the generator's records average 248 bytes
log "writing $big_records records (~$big_mb MiB)…"
ndjson "$work/big.ndjson" "$big_records"
rm -f "$work/records.ndjson" "$work/rows.copy"
big_size=$(stat -c %s "$work/big.ndjson")
big_started=$(now)
big_id=$(upload "$api_port" "$work/big.ndjson" big.ndjson)
rm -f "$work/big.ndjson"
big_outcome=$(wait_final "$api_port" "$big_id")
big_seconds=$(elapsed "$big_started" "$(now)")
peak=$(peak_rss_mb "$worker_pid")
log "big file: $big_outcome in $big_seconds s; log-worker peak RSS $peak MB"
rows_out+=("| file upload: log-worker peak RSS on a $(awk -v s="$big_size" 'BEGIN { printf "%.2f GiB", s / 1073741824 }') NDJSON file | $peak MB | ≤ 200 MB | VmHWM of a worker started for it; $big_outcome in $big_seconds s; $(awk -v p="$peak" 'BEGIN { print (p <= 200 ? "meets" : "below") }') the target |")
stop_started

for row in "${rows_out[@]}"; do echo "$row"; done
