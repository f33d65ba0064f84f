#!/usr/bin/env bash
# Kafka produce benchmark: records of 1 KiB through the platform's KafkaProducer (acks=all,
# idempotence, every record awaited until its delivery report), and the same through confluent-kafka's
# Python producer (the same librdkafka 2.16, the same settings) as the reference.
#
# Both clients get the same librdkafka properties (bootstrap.servers, acks=all,
# enable.idempotence=true, linger.ms, batch.size, queue.buffering.max.messages,
# message.timeout.ms=120000; everything else librdkafka's defaults, no compression), the same
# topic shape (new topic, PARTITIONS partitions), the same record (MESSAGE_SIZE bytes of "x", no
# key, no headers), the same count, one acknowledged record before the clock starts, and the same
# window: at most IN_FLIGHT records awaiting their delivery report at once (Swift: that many tasks,
# each awaiting `send`; Python: it serves reports before producing past the window). A record
# counts only when its report came back without error.
#
#   bench/kafka/run.sh SERVERS_ENV
#
# SERVERS_ENV is the servers.env of deploy/local/servers.sh (KAFKA_BROKERS); the broker's CPU time
# is read from /proc through the pidfile next to it. Prints Markdown rows
# `| benchmark | result | target | comparison |` on stdout, details on stderr.
# Settings (environment): MESSAGES (300000), MESSAGE_SIZE (1024), PARTITIONS (1), LINGER_MS (10),
# BATCH_SIZE (1000000 bytes), MAX_QUEUED (500000), IN_FLIGHT (20000 records awaiting reports),
# RUNS (3: each client runs this many times, alternating; the median run of each is reported).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
say() { printf 'bench/kafka: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

env_file=${1:-}
[[ -f $env_file ]] || die "usage: bench/kafka/run.sh SERVERS_ENV (from deploy/local/servers.sh start DIR)"
brokers=$(sed -n 's/^KAFKA_BROKERS=//p' "$env_file")
[[ -n $brokers ]] || die "$env_file has no KAFKA_BROKERS: start the servers with kafka"
[[ $brokers == 127.0.0.1:* ]] || die "KAFKA_BROKERS=$brokers is not on 127.0.0.1"
broker_pidfile=$(dirname "$env_file")/kafka/tansu.pid

messages=${MESSAGES:-300000}
size=${MESSAGE_SIZE:-1024}
partitions=${PARTITIONS:-1}
linger=${LINGER_MS:-10}
batch=${BATCH_SIZE:-1000000}
queued=${MAX_QUEUED:-500000}
in_flight=${IN_FLIGHT:-20000}
runs=${RUNS:-3}
common=(--brokers "$brokers" --messages "$messages" --message-size "$size" --partitions "$partitions"
    --linger-ms "$linger" --batch-size "$batch" --max-queued "$queued" --in-flight "$in_flight")

export SWIFT_DETERMINISTIC_HASHING=1
say "building (release)…"
swift build -c release --package-path "$root/bench/kafka" --scratch-path "$root/.build" >&2
bench=$root/.build/release/kafka-bench
libdir=$("$root/deploy/local/rdkafka-runtime.sh" "$root/.build/rdkafka-runtime")
[[ -n $libdir ]] || die "the local broker needs confluent-kafka's librdkafka: pip install confluent-kafka (or make deps)"

# CPU seconds (user + system) the broker process has used so far; empty when it cannot be read.
broker_cpu() {
    local pid ticks
    pid=$(head -n 1 "$broker_pidfile" 2>/dev/null | tr -dc '0-9') || true
    [[ -n $pid && -r /proc/$pid/stat ]] || return 0
    ticks=$(getconf CLK_TCK)
    # Fields 14 and 15 after the ")" that ends the command name: utime and stime in clock ticks.
    sed 's/.*) //' "/proc/$pid/stat" | awk -v hz="$ticks" '{ printf "%.3f", ($12 + $13) / hz }'
}
# "busy total" jiffies of the whole machine (every process, ours or not), from /proc/stat.
machine_cpu() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

# run CLIENT → prints "rate cpu broker_cores" and logs the run on stderr
run() {
    local client=$1 line before after seconds machine_before machine_after
    before=$(broker_cpu)
    machine_before=$(machine_cpu)
    if [[ $client == swift ]]; then
        line=$(LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" timeout 600 "$bench" "${common[@]}")
    else
        line=$(timeout 600 python3 "$root/bench/kafka/reference_producer.py" "${common[@]}")
    fi
    after=$(broker_cpu)
    machine_after=$(machine_cpu)
    seconds=$(field "$line" seconds)
    local broker_cores=n/a
    if [[ -n $before && -n $after ]]; then
        broker_cores=$(awk -v a="$after" -v b="$before" -v s="$seconds" 'BEGIN { printf "%.2f", (a - b) / s }')
    fi
    # Share of all cores busy during the run: near 100% means the machine, not a client, is the limit.
    local machine_busy
    machine_busy=$(awk -v b="$machine_before" -v a="$machine_after" 'BEGIN {
        split(b, x, " "); split(a, y, " "); t = y[2] - x[2]; printf "%.0f%%", (t > 0 ? 100 * (y[1] - x[1]) / t : 0) }')
    say "$line broker_cores=$broker_cores client_cores=$(awk -v c="$(field "$line" cpu_seconds)" -v s="$seconds" 'BEGIN { printf "%.2f", c / s }') machine_busy=$machine_busy of $(nproc) cores"
    echo "$(field "$line" rate) $(field "$line" librdkafka) $broker_cores"
}

# The median of "rate broker_cores" lines (by rate), one per run.
median() { sort -n | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'; }

swift_runs=() python_runs=() version=
for ((i = 1; i <= runs; i++)); do
    read -r rate version cores < <(run swift)
    swift_runs+=("$rate $cores")
    read -r rate _ cores < <(run python)
    python_runs+=("$rate $cores")
done
read -r swift_rate swift_broker < <(printf '%s\n' "${swift_runs[@]}" | median)
read -r python_rate python_broker < <(printf '%s\n' "${python_runs[@]}" | median)
say "swift runs (msg/s): $(printf '%s\n' "${swift_runs[@]}" | cut -d' ' -f1 | paste -sd' ')"
say "python runs (msg/s): $(printf '%s\n' "${python_runs[@]}" | cut -d' ' -f1 | paste -sd' ')"

ratio=$(awk -v s="$swift_rate" -v p="$python_rate" 'BEGIN { printf "%.2f", s / p }')
mib=$(awk -v r="$swift_rate" -v b="$size" 'BEGIN { printf "%.1f", r * b / 1048576 }')
settings="acks=all, idempotent, linger.ms=$linger, batch.size=$batch, $partitions partition(s), $in_flight records in flight, median of $runs runs"
printf '| Kafka produce with delivery reports (%s B × %s, %s) | %s msg/s (%s MiB/s; broker %s cores) | ≥ 50,000 msg/s | confluent-kafka Python, librdkafka %s, same settings: %s msg/s (broker %s cores) → Swift/Python %s× |\n' \
    "$size" "$messages" "$settings" "$swift_rate" "$mib" "$swift_broker" "$version" "$python_rate" "$python_broker" "$ratio"
