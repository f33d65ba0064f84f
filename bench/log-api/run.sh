#!/usr/bin/env bash
# log-api benchmark: POST /log under load, each answer waiting for RabbitMQ's confirm, and
# GET /health/live in the same run as the HTTP ceiling of the same server on the same machine.
# Builds log-api in release mode, starts it on a free port against the servers of SERVERS_ENV
# (127.0.0.1 only) with an exchange and queue of its own, runs wrk with post_log.lua (one 252-byte
# JSON log object per request), then stops log-api and deletes its queues.
#
#   bench/log-api/run.sh SERVERS_ENV
#
# Then POST /logs with RECORDS (100) objects per NDJSON body for LOGS_DURATION (10 s), reported in
# records per second (no target here: the end-to-end /logs benchmark belongs to log-worker).
#
# Settings (environment): DURATION (30 s for /log), LIVE_DURATION (10 s), LOGS_DURATION (10 s),
# RECORDS (100), CONNECTIONS (50), THREADS (2), and any log-api variable (LOG_MESSAGES_IN_FLIGHT,
# LOG_AMQP_CONNECTIONS, LOG_PUBLISH_TIMEOUT_MS, …).
# Prints Markdown rows | benchmark | result | target | comparison | on stdout; details on stderr.
set -euo pipefail

servers_env=${1:?usage: bench/log-api/run.sh SERVERS_ENV}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scratch=${SCRATCH:-$root/.build}
duration=${DURATION:-30}
live_duration=${LIVE_DURATION:-10}
logs_duration=${LOGS_DURATION:-10}
export RECORDS=${RECORDS:-100}
connections=${CONNECTIONS:-50}
threads=${THREADS:-2}

command -v wrk >/dev/null || { echo "run.sh: wrk missing: apt-get install -y wrk (or make deps)" >&2; exit 1; }
[[ -r $servers_env ]] || { echo "run.sh: cannot read $servers_env" >&2; exit 1; }
# The servers' variables (KEY=VALUE lines) are what log-api reads.
set -a
# shellcheck disable=SC1090
. "$servers_env"
set +a
for url in "$AMQP_URL" "$POSTGRES_URL" "$RABBITMQ_MANAGEMENT_URL"; do
    [[ $url =~ ^[a-z]+://([^@/]*@)?(127\.[0-9.]+|localhost): ]] ||
        { echo "run.sh: refusing a server that is not on loopback: $url" >&2; exit 1; }
done

export SWIFT_DETERMINISTIC_HASHING=1
echo "==> building log-api (release)" >&2
binary=$(SCRATCH=$scratch "$root/deploy/build-product.sh" "$root/services/log-api" log-api)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
suffix=$(python3 -c 'import secrets; print(secrets.token_hex(6))')
export LOG_INGEST_EXCHANGE=bench-logs-$suffix
export LOG_INGEST_QUEUE=bench-logs-$suffix.ingest
export HTTP_HOST=127.0.0.1 HTTP_PORT=$port LOG_LEVEL=${LOG_LEVEL:-warning} LOG_FORMAT=json
base=http://127.0.0.1:$port
log=$(mktemp /tmp/log-api-bench.XXXXXX.log)
wrk_out=$(mktemp)
management=$RABBITMQ_MANAGEMENT_URL/api

service_pid=
cleanup() {
    if [[ -n $service_pid ]] && kill -0 "$service_pid" 2>/dev/null; then
        kill -TERM "$service_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$service_pid" 2>/dev/null || true
    fi
    # Durable queues outlive log-api: delete them (and their exchanges) so that runs do not pile up.
    for queue in "$LOG_INGEST_QUEUE" "$LOG_INGEST_QUEUE.dead"; do
        curl -s -o /dev/null -u guest:guest -X DELETE "$management/queues/%2f/$queue" || true
    done
    for exchange in "$LOG_INGEST_EXCHANGE" "$LOG_INGEST_QUEUE.dlx"; do
        curl -s -o /dev/null -u guest:guest -X DELETE "$management/exchanges/%2f/$exchange" || true
    done
    rm -f "$wrk_out" "$wrk_out.time"
}
trap cleanup EXIT

echo "==> log-api on $base, queue $LOG_INGEST_QUEUE (log: $log)" >&2
"$binary" >"$log" 2>&1 &
service_pid=$!
ready=
for _ in $(seq 1 300); do
    if curl -sf -o /dev/null "$base/health/ready"; then ready=1; break; fi
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.1
done
[[ -n $ready ]] || { echo "run.sh: log-api did not become ready; its log:" >&2; tail -n 20 "$log" >&2; exit 1; }

# wrk's summary → "requests_per_second p50_ms p99_ms requests non_2xx"
summarize() {
    python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
def percentile(p):
    m = re.search(rf"^\s+{p}%\s+([0-9.]+)(us|ms|s)\s*$", text, re.M)
    return ms(*m.groups()) if m else float("nan")
rate = float(re.search(r"^Requests/sec:\s+([0-9.]+)", text, re.M).group(1))
requests = int(re.search(r"^\s+(\d+) requests in", text, re.M).group(1))
m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)$", text, re.M)
print(f"{rate:.0f} {percentile(50):.2f} {percentile(99):.2f} {requests} {int(m.group(1)) if m else 0} "
      f"{'errors' if errors else 'clean'}")
PY
}

# CPU time (clock ticks) of a process, and of the whole machine (busy, all cores), to say where the
# CPU went: log-api, the broker, wrk, and everything else running on the machine at the time.
process_ticks() { { [[ -n $1 ]] && awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; } || echo 0; }
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
broker_pid=$(cat "$(dirname "$servers_env")/rabbitmq/rabbitmq.pid" 2>/dev/null || true)

echo "==> wrk POST /log: $threads threads, $connections connections, ${duration} s" >&2
api_before=$(process_ticks "$service_pid")
broker_before=$(process_ticks "$broker_pid")
machine_before=$(machine_ticks)
timeout $((duration + 30)) /usr/bin/time -f "wrk_cpu_seconds %U %S" -o "$wrk_out.time" \
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$here/post_log.lua" "$base/log" |
    tee "$wrk_out" >&2
api_ticks=$(($(process_ticks "$service_pid") - api_before))
broker_ticks=$(($(process_ticks "$broker_pid") - broker_before))
machine_ticks_used=$(($(machine_ticks) - machine_before))
read -r log_rate log_p50 log_p99 log_requests log_non2xx log_socket <<<"$(summarize "$wrk_out")"
cpu_report=$(awk -v api="$api_ticks" -v broker="$broker_ticks" -v all="$machine_ticks_used" -v n="$log_requests" \
    -v hz="$(getconf CLK_TCK)" -v d="$duration" -v cores="$(nproc)" -v known="${broker_pid:+1}" \
    -v wrk="$(awk '{ print $2 + $3 }' "$wrk_out.time" 2>/dev/null || echo 0)" 'BEGIN {
        us = 1e6 / hz / n
        other = all - api - broker - wrk * hz
        printf "log-api %.0f µs, RabbitMQ %s µs, wrk %.0f µs of CPU per request; machine %.0f%% busy, %.0f%% of that outside log-api, RabbitMQ and wrk",
            api * us, known ? sprintf("%.0f", broker * us) : "?", wrk * 1e6 / n, 100 * all / (hz * d * cores),
            100 * (other > 0 ? other : 0) / (all > 0 ? all : 1)
    }')
echo "==> CPU: $cpu_report" >&2

echo "==> wrk GET /health/live: $threads threads, $connections connections, ${live_duration} s" >&2
timeout $((live_duration + 30)) wrk -t"$threads" -c"$connections" -d"${live_duration}s" --latency \
    "$base/health/live" | tee "$wrk_out" >&2
read -r live_rate live_p50 live_p99 _ _ _ <<<"$(summarize "$wrk_out")"

# What log-api says it queued (/metrics), and what the queue holds (the management API's counts
# lag by a few seconds: poll until they match, at most 30 s).
metric() { curl -s "$base/metrics" | awk -v name="$1" '$1 == name { printf "%d", $2 }'; }
records=$(metric log_api_records_accepted_total)
messages=$(metric log_api_messages_published_total)
queued=0
for _ in $(seq 1 30); do
    queued=$(curl -s -u guest:guest "$management/queues/%2f/$LOG_INGEST_QUEUE" |
        python3 -c 'import json, sys; print(json.load(sys.stdin).get("messages", 0))' 2>/dev/null || echo 0)
    [[ $queued -ge ${messages:-0} ]] && break
    sleep 1
done
per_message=$(awk -v r="${records:-0}" -v m="${messages:-0}" 'BEGIN { printf "%.1f", (m > 0 ? r / m : 0) }')
echo "==> POST /log: wrk completed $log_requests requests ($log_non2xx not 2xx, $log_socket); log-api accepted" \
    "$records records in $messages messages ($per_message per message); the queue holds $queued messages" >&2
grep -v '"level":"info"' "$log" | tail -n 5 >&2 || true

echo "==> wrk POST /logs, $RECORDS records per NDJSON body: $threads threads, $connections connections, ${logs_duration} s" >&2
timeout $((logs_duration + 30)) wrk -t"$threads" -c"$connections" -d"${logs_duration}s" --latency \
    -s "$here/post_logs.lua" "$base/logs" | tee "$wrk_out" >&2
read -r logs_rate logs_p50 logs_p99 _ logs_non2xx _ <<<"$(summarize "$wrk_out")"
logs_records=$((logs_rate * RECORDS))

verdict=$(awk -v r="$log_rate" -v p="$log_p99" -v bad="$log_non2xx" -v q="$queued" -v m="${messages:-0}" \
    'BEGIN { print (r >= 10000 && p <= 20 && bad == 0 && q >= m) ? "meets target" : "BELOW TARGET" }')
ratio=$(awk -v a="$log_rate" -v b="$live_rate" 'BEGIN { printf "%.0f", 100 * a / b }')
printf '| log-api POST /log, 252-byte JSON, 202 after the broker confirm, wrk -t%s -c%s %ss | **%s req/s**, p50 %s ms, p99 %s ms, %s not 2xx; %s records in %s messages (%s per message), all in the queue: %s | ≥ 10,000 req/s at p99 ≤ 20 ms | %s; %s%% of GET /health/live; %s |\n' \
    "$threads" "$connections" "$duration" "$log_rate" "$log_p50" "$log_p99" "$log_non2xx" "$records" "$messages" \
    "$per_message" "$([[ $queued -ge ${messages:-0} ]] && echo yes || echo "NO ($queued)")" "$verdict" "$ratio" \
    "$cpu_report"
printf '| log-api GET /health/live (same run, HTTP ceiling), wrk -t%s -c%s %ss | %s req/s, p50 %s ms, p99 %s ms | (reference) | the same server without JSON or broker |\n' \
    "$threads" "$connections" "$live_duration" "$live_rate" "$live_p50" "$live_p99"
printf '| log-api POST /logs, %s records (NDJSON) per request, wrk -t%s -c%s %ss | %s records/s (%s req/s), p50 %s ms, p99 %s ms, %s not 2xx | (none here; see log-worker) | 202 after every message of the request is confirmed |\n' \
    "$RECORDS" "$threads" "$connections" "$logs_duration" "$logs_records" "$logs_rate" "$logs_p50" "$logs_p99" "$logs_non2xx"
