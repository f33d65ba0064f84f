#!/usr/bin/env bash
# Kafka produce benchmark: records of 1 KiB through the platform's KafkaProducer (acks=all,
# idempotence, every record awaited until its delivery report), and the same through confluent-kafka's
# Python producer (the same librdkafka 2.16, the same settings) as the reference.
#
#   bench/kafka/run.sh SERVERS_ENV
#
# SERVERS_ENV is the servers.env of deploy/local/servers.sh (KAFKA_BROKERS); the broker's CPU time
# is read from /proc through the pidfile next to it. Prints Markdown rows
# `| benchmark | result | target | comparison |` on stdout, details on stderr.
# Settings (environment): MESSAGES (300000), MESSAGE_SIZE (1024), PARTITIONS (1), LINGER_MS (10),
# BATCH_SIZE (1000000 bytes), MAX_QUEUED (500000), IN_FLIGHT (20000 Swift sends awaiting reports),
# RUNS (2: each client runs this many times, alternating; the best run of each is reported).
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
runs=${RUNS:-2}
common=(--brokers "$brokers" --messages "$messages" --message-size "$size" --partitions "$partitions"
    --linger-ms "$linger" --batch-size "$batch" --max-queued "$queued")

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
        line=$(LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" timeout 600 "$bench" "${common[@]}" --in-flight "$in_flight")
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

best_swift=0 best_python=0 swift_broker=n/a python_broker=n/a version=
for ((i = 1; i <= runs; i++)); do
    read -r rate version cores < <(run swift)
    if ((rate > best_swift)); then best_swift=$rate swift_broker=$cores; fi
    read -r rate _ cores < <(run python)
    if ((rate > best_python)); then best_python=$rate python_broker=$cores; fi
done

ratio=$(awk -v s="$best_swift" -v p="$best_python" 'BEGIN { printf "%.2f", s / p }')
mib=$(awk -v r="$best_swift" -v b="$size" 'BEGIN { printf "%.1f", r * b / 1048576 }')
settings="acks=all, idempotent, linger.ms=$linger, batch.size=$batch, $partitions partition(s), $in_flight sends in flight, best of $runs runs"
printf '| Kafka produce with delivery reports (%s B × %s, %s) | %s msg/s (%s MiB/s; broker %s cores) | ≥ 50,000 msg/s | confluent-kafka Python, librdkafka %s, same settings: %s msg/s (broker %s cores) → Swift/Python %s× |\n' \
    "$size" "$messages" "$settings" "$best_swift" "$mib" "$swift_broker" "$version" "$best_python" "$python_broker" "$ratio"
