#!/usr/bin/env bash
# Log ingestion (issue 5): records from request to committed row, against PostgreSQL's own ceiling
# for the same table, indexes and records, measured in the same run. Usage:
#
#   bench/log-ingest/run.sh SERVERS_ENV
#
# Three measurements, each in a database of its own (dropped afterwards), on the servers of
# SERVERS_ENV (127.0.0.1 only):
#   1. ceiling: one `\copy` of CEILING_RECORDS records into a fresh `logs` table with log-worker's
#      own migrations (same columns and indexes), from a file with the values log-worker stores;
#      once before and once after the other two, the faster one counting (the machine may be shared);
#   2. HTTP → committed rows: WORKERS log-worker processes and one log-api (release builds), wrk
#      posting JSON arrays of RECORDS_PER_REQUEST records to POST /logs for DURATION seconds; then
#      the queue drains; rows/s counts from the first request to the last commit. Needs
#      LOG_API_PACKAGE (default services/log-api of this repository); skipped without it;
#   3. broker → committed rows: BROKER_RECORDS records published straight to the queue as log-api
#      publishes them (Envelope<LogBatch> of RECORDS_PER_MESSAGE), then WORKERS log-workers start
#      and drain it; rows/s from their start to the last commit. This isolates the workers.
# All three store the same records (the same 6,400 objects over and over, each with its own id).
#
# Settings (environment): WORKERS (2), DURATION (60), CONNECTIONS (16), WRK_THREADS (1),
# RECORDS_PER_REQUEST (100), RECORDS_PER_MESSAGE (100), CEILING_RECORDS (1000000),
# BROKER_RECORDS (1000000), DRAIN_TIMEOUT (600 s for the queue to drain), SCRATCH (<repo>/.build),
# LOG_API_PACKAGE; the workers' own variables pass through (LOG_WORKER_BATCH_SIZE, …).
# Prints Markdown rows `| benchmark | result | target | comparison |` on stdout; details (CPU per
# process, wrk's figures) on stderr.
set -euo pipefail

servers_env=${1:?usage: bench/log-ingest/run.sh SERVERS_ENV}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
workers=${WORKERS:-2}
duration=${DURATION:-60}
connections=${CONNECTIONS:-16}
wrk_threads=${WRK_THREADS:-1}
per_request=${RECORDS_PER_REQUEST:-100}
per_message=${RECORDS_PER_MESSAGE:-100}
ceiling_records=${CEILING_RECORDS:-1000000}
broker_records=${BROKER_RECORDS:-1000000}
drain_timeout=${DRAIN_TIMEOUT:-600}
log_api_package=${LOG_API_PACKAGE:-$root/services/log-api}
ticks_per_second=$(getconf CLK_TCK)

bench_name="log-ingest"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
load_servers "$servers_env" POSTGRES_URL AMQP_URL REDIS_URL
require_tools wrk psql curl ss

log "building (release)…"
bench_bin=$(build "$here" log-ingest-bench)
worker_bin=$(build "$root/services/log-worker" log-worker)
api_bin=
if [[ -f $log_api_package/Package.swift ]]; then
    api_bin=$(build "$log_api_package" log-api)
else
    log "no log-api package at $log_api_package: the HTTP row is skipped"
fi

make_work_dir

# The environment of a service: the servers', then the bench's own names.
service_env() { # DATABASE EXCHANGE PORT
    local name
    for name in "${!server[@]}"; do printf '%s=%s\n' "$name" "${server[$name]}"; done
    printf '%s\n' "POSTGRES_URL=$(database_url "$1")" "LOG_INGEST_EXCHANGE=$2" "LOG_INGEST_QUEUE=$2.ingest" \
        "HTTP_HOST=127.0.0.1" "HTTP_PORT=$3" "LOG_LEVEL=${BENCH_SERVICE_LOG_LEVEL:-warning}"
    env | grep -E '^(LOG_WORKER_|LOG_MAX_|LOG_MESSAGE_|LOG_PUBLISH_|LOG_AMQP_|POSTGRES_POOL_SIZE=)' || true
}
start_service() { # BINARY DATABASE EXCHANGE NAME → sets $service_pid and $service_port
    service_port=$(free_port)
    local -a environment
    mapfile -t environment < <(service_env "$2" "$3" "$service_port")
    env -i PATH="$PATH" "${environment[@]}" "$1" >"$work/$4.log" 2>&1 &
    service_pid=$!
    track_process "$service_pid"
}
wait_ready() { # PORT NAME
    local deadline=$((SECONDS + 60))
    until curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null; do
        ((SECONDS < deadline)) || { log "$2 not ready within 60 s:"; tail -n 20 "$work/$2.log" >&2; exit 1; }
        sleep 0.1
    done
}

# CPU: clock ticks of a process, and of a server with its children (those that exited are in the
# parent's cutime/cstime once reaped, so nothing is lost between two readings).
ticks() { # PID [with-children]
    [[ -r /proc/$1/stat ]] || { echo 0; return; }
    awk -v children="${2:-}" '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " ");
        print f[12] + f[13] + (children ? f[14] + f[15] : 0) }' "/proc/$1/stat"
}
tree_ticks() { # PID: the process, its reaped children and its live children
    local total child
    total=$(ticks "$1" with-children)
    for child in $(cat "/proc/$1/task/"*/children 2>/dev/null); do total=$((total + $(ticks "$child"))); done
    echo "$total"
}
listener_pid() { # PORT: the process listening there
    ss -ltnpH "sport = :$1" 2>/dev/null | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -n 1
}
port_of() { sed -E 's#.*:([0-9]+)(/.*)?$#\1#' <<<"$1"; }
postgres_pid=$(listener_pid "$(port_of "${server[POSTGRES_URL]}")")
rabbit_pid=$(listener_pid "$(port_of "${server[AMQP_URL]}")")
[[ -n $postgres_pid && -n $rabbit_pid ]] || log "cannot see the servers' processes (ss -p): no CPU figures for them"
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }  # user nice system irq softirq

# cpu_start NAME=PID… then cpu_report LABEL SECONDS RECORDS: each process's CPU between the two, in
# % of one core and in CPU time per record stored. The second does not depend on what else the
# machine runs, so it says what limits the rate on a machine of one's own.
declare -A cpu_pids cpu_before
cpu_machine_end=
cpu_start() {
    cpu_pids=() cpu_before=()
    local pair
    for pair in "$@"; do
        cpu_pids[${pair%%=*}]=${pair#*=}
        cpu_before[${pair%%=*}]=$(tree_ticks "${pair#*=}")
    done
    cpu_before[.machine]=$(busy_ticks)
    cpu_started_at=$(now)
}
cpu_report() { # LABEL SECONDS RECORDS → one line on stderr, and $cpu_summary for the table
    local seconds=$2 records=$3 name used report="" total=0
    for name in $(printf '%s\n' "${!cpu_pids[@]}" | sort); do
        used=$(($(tree_ticks "${cpu_pids[$name]}") - ${cpu_before[$name]}))
        total=$((total + used))
        report+="$name $(per_record "$used" "$seconds" "$records"), "
    done
    local machine=$((${cpu_machine_end:-$(busy_ticks)} - ${cpu_before[.machine]}))
    cpu_machine_end=
    report+="all of these $(per_record "$total" "$seconds" "$records"); machine busy $(awk -v t="$machine" \
        -v s="$seconds" -v h="$ticks_per_second" -v n="$(nproc)" 'BEGIN { printf "%.0f%% of %d cores", 100 * t / h / s / n, n }')"
    cpu_summary=$report
    log "$1: CPU over ${seconds} s (100% = one core; CPU time per record): $report"
}
per_record() { # TICKS SECONDS RECORDS: "85% (48.8 µs)"
    awk -v t="$1" -v s="$2" -v n="$3" -v h="$ticks_per_second" \
        'BEGIN { printf "%.0f%% (%.1f µs)", 100 * t / h / s, 1e6 * t / h / n }'
}
server_pids() {
    [[ -n $postgres_pid ]] && echo "postgres=$postgres_pid"
    [[ -n $rabbit_pid ]] && echo "rabbitmq=$rabbit_pid"
    true
}

# Rows committed so far by the workers on WORKER_PORTS (their log_worker_rows_inserted_total).
worker_ports=()
committed_rows() {
    local port total=0 value
    for port in "${worker_ports[@]}"; do
        value=$(curl -sf "http://127.0.0.1:$port/metrics" |
            awk '/^log_worker_rows_inserted_total[{ ]/ { sum += $NF } END { printf "%.0f", sum }')
        total=$((total + ${value:-0}))
    done
    echo "$total"
}
# Waits until at least EXPECTED rows are committed and the count has not moved for a second (the
# requests wrk left in flight at its end may still add some); sets $last_commit to when it last rose.
wait_committed() { # EXPECTED
    local deadline=$((SECONDS + drain_timeout)) previous=-1 rows stable=0
    last_commit=$(now)
    while true; do
        rows=$(committed_rows)
        if ((rows != previous)); then
            last_commit=$(now)
            machine_at_last_commit=$(busy_ticks)
            previous=$rows
            stable=0
        else
            stable=$((stable + 1))
        fi
        ((rows >= $1 && stable >= 10)) && return 0
        ((SECONDS < deadline)) || { log "only $rows of $1 rows committed within ${drain_timeout} s"; return 1; }
        sleep 0.1
    done
}
start_workers() { # DATABASE EXCHANGE
    worker_ports=()
    worker_pids=()
    local i
    for ((i = 1; i <= workers; i++)); do
        start_service "$worker_bin" "$1" "$2" "log-worker-$i"
        worker_ports+=("$service_port")
        worker_pids+=("log-worker-$i=$service_pid")
    done
}
table_rows() { # DATABASE
    psql -qtA "$(database_url "$1")" -c "SELECT count(*), count(DISTINCT id) FROM logs"
}
queue_ready() { # EXCHANGE
    env AMQP_URL="${server[AMQP_URL]}" "$bench_bin" queue-depth "$1.ingest" | sed -n 's/^ready=//p'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }
verdict() { awk -v r="$1" 'BEGIN { print (r >= 60 ? "meets" : "below") }'; }

# ---------------------------------------------------------------- 1. the COPY ceiling
# Measured before and after the other two, in a database of its own each time; the faster of the
# two is the reference (this machine may be shared: the better figure is the fairer ceiling).
log "ceiling: writing $ceiling_records records as a COPY file…"
"$bench_bin" copy-file "$work/copy.txt" "$ceiling_records"
ceiling_rates=()
ceiling_cpus=()
measure_ceiling() { # ROUND
    local db=bench_logs_copy_$$_$1 started seconds rate
    new_database "$db"
    env POSTGRES_URL="$(database_url "$db")" "$bench_bin" schema
    mapfile -t pids < <(server_pids)
    cpu_start "${pids[@]}"
    started=$(now)
    psql -q "$(database_url "$db")" \
        -c "\\copy logs (id, received_at, ts, level, service, message, data) FROM '$work/copy.txt'"
    seconds=$(elapsed "$started" "$(now)")
    cpu_machine_end=$(busy_ticks)
    sleep 0.5 # the backend that ran the COPY exits; its CPU time reaches the postmaster once reaped
    cpu_report "ceiling $1" "$seconds" "$ceiling_records"
    rate=$(awk -v n="$ceiling_records" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
    log "ceiling $1: $ceiling_records rows in $seconds s: $rate rows/s ($(table_rows "$db"))"
    ceiling_rates+=("$rate")
    ceiling_cpus+=("$cpu_summary")
    psql -q "${server[POSTGRES_URL]}" -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
}
measure_ceiling 1

rows_out=()

# ---------------------------------------------------------------- 2. HTTP → committed rows
if [[ -n $api_bin ]]; then
    http_db=bench_logs_http_$$
    http_exchange=bench.logs.http.$$
    new_database "$http_db"
    bodies=$("$bench_bin" bodies "$work/bodies" "$per_request")
    body_count=$(sed -E 's/^bodies=([0-9]+).*/\1/' <<<"$bodies")
    log "http: request bodies: $bodies, $per_request records each"
    start_workers "$http_db" "$http_exchange"
    for port in "${worker_ports[@]}"; do wait_ready "$port" "log-worker"; done
    start_service "$api_bin" "$http_db" "$http_exchange" "log-api"
    api_pid=$service_pid
    api_port=$service_port
    wait_ready "$api_port" "log-api"
    mapfile -t pids < <(server_pids)
    log "http: wrk -t$wrk_threads -c$connections -d${duration}s POST /logs, $workers workers…"
    first_request=$(now)
    wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" --latency -s "$here/post.lua" \
        "http://127.0.0.1:$api_port/logs" -- "$work/bodies" "$body_count" >"$work/wrk.txt" &
    wrk_pid=$!
    track_process "$wrk_pid"
    cpu_start "${pids[@]}" "${worker_pids[@]}" "log-api=$api_pid" "wrk=$wrk_pid"
    wait "$wrk_pid"
    load_ended=$(now)
    grep -E '^(accepted|other|socket|latency_p)|Requests/sec' "$work/wrk.txt" >&2
    accepted=$(($(sed -n 's/^accepted_requests=//p' "$work/wrk.txt") * per_request))
    log "http: $accepted records accepted in $(elapsed "$first_request" "$load_ended") s; waiting for the queue to drain…"
    wait_committed "$accepted"
    cpu_machine_end=$machine_at_last_commit
    cpu_report "http" "$(elapsed "$cpu_started_at" "$last_commit")" "$(committed_rows)"
    stored=$(table_rows "$http_db")
    http_cpu=$cpu_summary
    http_seconds=$(elapsed "$first_request" "$last_commit")
    http_rate=$(awk -v n="${stored%%|*}" -v s="$http_seconds" 'BEGIN { printf "%.0f", n / s }')
    log "http: rows|distinct ids $stored, last commit $(elapsed "$load_ended" "$last_commit") s after the load; $http_rate rows/s"
    rows_out+=("| log ingest: POST /logs → committed rows ($workers log-workers, wrk -c$connections, $per_request records/request, ${duration} s) | $http_rate rows/s | ≥ 60% of PostgreSQL's COPY ceiling (same table, indexes, records) | @RATIO@; $accepted records accepted, ${stored%%|*} rows stored (${stored##*|} distinct ids), queue ready $(queue_ready "$http_exchange"); CPU: $http_cpu |")
    stop_started
fi

# ---------------------------------------------------------------- 3. broker → committed rows
broker_db=bench_logs_broker_$$
broker_exchange=bench.logs.broker.$$
new_database "$broker_db"
log "broker: publishing $broker_records records in messages of $per_message…"
env AMQP_URL="${server[AMQP_URL]}" "$bench_bin" publish "$broker_exchange" "$broker_exchange.ingest" \
    "$broker_records" "$per_message" >&2
mapfile -t pids < <(server_pids)
cpu_start "${pids[@]}"
workers_started=$(now)
start_workers "$broker_db" "$broker_exchange"
for pair in "${worker_pids[@]}"; do cpu_pids[${pair%%=*}]=${pair#*=}; cpu_before[${pair%%=*}]=0; done
wait_committed "$broker_records"
cpu_machine_end=$machine_at_last_commit
cpu_report "broker" "$(elapsed "$cpu_started_at" "$last_commit")" "$(committed_rows)"
stored=$(table_rows "$broker_db")
broker_cpu=$cpu_summary
broker_seconds=$(elapsed "$workers_started" "$last_commit")
broker_rate=$(awk -v n="${stored%%|*}" -v s="$broker_seconds" 'BEGIN { printf "%.0f", n / s }')
log "broker: rows|distinct ids $stored in $broker_seconds s: $broker_rate rows/s"
rows_out+=("| log ingest: broker → committed rows ($workers log-workers draining $broker_records queued records, $per_message per message) | $broker_rate rows/s | ≥ 60% of the COPY ceiling (isolates the workers) | @RATIO@; ${stored%%|*} rows stored (${stored##*|} distinct ids), queue ready $(queue_ready "$broker_exchange"); CPU: $broker_cpu |")
stop_started

measure_ceiling 2
copy_rate=$(printf '%s\n' "${ceiling_rates[@]}" | sort -n | tail -n 1)
ceiling_note="one \\copy of $ceiling_records records into a fresh logs table with log-worker's indexes, before and after the rest: ${ceiling_rates[0]} and ${ceiling_rates[1]} rows/s; CPU: ${ceiling_cpus[0]} / ${ceiling_cpus[1]}"
for row in "${rows_out[@]}"; do
    IFS='|' read -r _ name rate _ <<<"$row"
    rate=${rate// rows\/s/}
    ratio=$(ratio "${rate// /}" "$copy_rate")
    echo "${row//@RATIO@/COPY ceiling $copy_rate rows/s; ratio $ratio% ($(verdict "$ratio") the target)}"
done
echo "| log ingest: PostgreSQL COPY ceiling | $copy_rate rows/s | reference | the faster of two runs: $ceiling_note |"
