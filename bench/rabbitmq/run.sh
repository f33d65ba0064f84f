#!/usr/bin/env bash
# RabbitMQ client benchmark: builds rabbitmq-bench (release), runs it against the broker of
# SERVERS_ENV, runs the same work with Python's pika as the reference, and prints Markdown rows
#   | benchmark | result | target | comparison |
# on stdout (details on stderr). All traffic goes to the broker on 127.0.0.1; counts are bounded
# (BENCH_MESSAGES, default 200,000) and so is the time (BENCH_TIMEOUT seconds per program, 600).
#
#   bench/rabbitmq/run.sh SERVERS_ENV
set -euo pipefail

servers_env=${1:?usage: bench/rabbitmq/run.sh SERVERS_ENV}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/bench/rabbitmq
timeout_seconds=${BENCH_TIMEOUT:-600}

AMQP_URL=$(sed -n 's/^AMQP_URL=//p' "$servers_env" | tail -n 1)
[[ -n $AMQP_URL ]] || { echo "run.sh: no AMQP_URL in $servers_env" >&2; exit 1; }
case $AMQP_URL in
    amqp://*@127.0.0.1:* | amqp://127.0.0.1:* | amqp://*@localhost:* | amqp://localhost:*) ;;
    *) echo "run.sh: refusing a broker that is not on loopback: $AMQP_URL" >&2; exit 1 ;;
esac
export AMQP_URL

export SWIFT_DETERMINISTIC_HASHING=1
echo "==> building rabbitmq-bench (release)" >&2
binary=$(SCRATCH=$root/.build "$root/deploy/build-product.sh" "$here" rabbitmq-bench)

results=$(mktemp)
reference=$(mktemp)
trap 'rm -f "$results" "$reference"' EXIT

echo "==> rabbitmq-bench" >&2
timeout "$timeout_seconds" "$binary" >"$results"

echo "==> reference: pika" >&2
if ! python3 -c 'import pika' 2>/dev/null; then
    python3 -m pip install --quiet pika >&2 || echo "run.sh: pika could not be installed; no reference" >&2
fi
if python3 -c 'import pika' 2>/dev/null; then
    timeout "$timeout_seconds" python3 "$here/pika_reference.py" >"$reference" || echo "run.sh: pika reference failed" >&2
fi

python3 - "$results" "$reference" <<'PY'
import json, os, sys

def load(path):
    rows = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                rows[row["benchmark"]] = row
    return rows

ours, pika = load(sys.argv[1]), load(sys.argv[2])
window = os.environ.get("BENCH_WINDOW", "5000")
prefetch = os.environ.get("BENCH_PREFETCH", "2000")
ack_every = os.environ.get("BENCH_ACK_EVERY", "200")
publishers = os.environ.get("BENCH_PUBLISHERS", "200")
queue = "classic" if os.environ.get("BENCH_LAZY") == "0" else "lazy durable"

def rate(row):
    return f"{row['rate']:,} msg/s ({row['messages']:,} msgs)" if row else "not measured"

def latency(row):
    return f"{row['microseconds_each']} µs per message ({row['rate']:,} msg/s)" if row else "not measured"

def reference(name):
    row = pika.get(name)
    if not row:
        return "pika: not measured"
    ratio = ours[name]["rate"] / row["rate"] if name in ours else 0
    return f"pika 1.x async, same settings: {row['rate']:,} msg/s (ours ×{ratio:.1f})"

rows = [
    (f"RabbitMQ publish with confirms, 1 KiB persistent, {queue} queue, publish(batch), window {window}",
     rate(ours.get("publish-batch")), "≥ 20,000 msg/s", reference("publish-batch")),
    (f"RabbitMQ publish with confirms, 1 KiB persistent, {queue} queue, {publishers} concurrent publish() calls",
     rate(ours.get("publish-concurrent")), "≥ 20,000 msg/s", "each call awaits its own confirm"),
    ("RabbitMQ publish → confirm round trip, one publish() at a time, persistent",
     latency(ours.get("publish-sequential")), "(latency, no target)", "most of it is the broker's disk sync before it confirms"),
    ("RabbitMQ publish → confirm round trip, one publish() at a time, transient",
     latency(ours.get("publish-sequential-transient")), "(latency, no target)",
     "client round trip: eventfd wakeup of the connection thread, send, confirm, resume"),
    (f"RabbitMQ consume + ack, 1 KiB, {queue} queue, prefetch {prefetch}, ack multiple every {ack_every}",
     rate(ours.get("consume-ack")), "≥ 20,000 msg/s", reference("consume-ack")),
]
for row in rows:
    print("| " + " | ".join(row) + " |")
PY
