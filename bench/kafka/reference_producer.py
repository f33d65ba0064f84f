"""The reference for bench/kafka: confluent-kafka's Python producer (the same librdkafka 2.16 the
Swift benchmark loads) with the same settings, counting a record only when its delivery report
arrived without error. Like the Swift benchmark it keeps at most --in-flight records awaiting their
reports: past that, it serves reports before producing the next. Prints one key=value line like the
Swift benchmark."""
import argparse
import resource
import time
import uuid

import confluent_kafka
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--messages", type=int, default=300_000)
    parser.add_argument("--message-size", type=int, default=1024)
    parser.add_argument("--partitions", type=int, default=1)
    parser.add_argument("--linger-ms", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=1_000_000)
    parser.add_argument("--max-queued", type=int, default=500_000)
    parser.add_argument("--in-flight", type=int, default=20_000)
    args = parser.parse_args()
    for broker in args.brokers.split(","):
        if not broker.startswith(("127.0.0.1:", "[::1]:", "localhost:")):
            raise SystemExit("benchmarks only talk to the loopback interface")

    topic = "bench-py-" + uuid.uuid4().hex[:8]
    admin = AdminClient({"bootstrap.servers": args.brokers})  # must outlive the futures
    for future in admin.create_topics([NewTopic(topic, args.partitions, 1)]).values():
        future.result(30)

    producer = Producer({
        "bootstrap.servers": args.brokers,
        "client.id": "kafka-bench-python",
        "acks": "all",
        "enable.idempotence": True,
        "linger.ms": args.linger_ms,
        "batch.size": args.batch_size,
        "queue.buffering.max.messages": args.max_queued,
        "message.timeout.ms": 120_000,
    })
    payload = b"x" * args.message_size
    acknowledged = [0]
    failed = [0]

    def report(error, _message):
        if error is None:
            acknowledged[0] += 1
        else:
            failed[0] += 1

    producer.produce(topic, value=payload, on_delivery=report)  # connection and producer id first
    producer.flush(30)
    acknowledged[0] = 0

    cpu_before = cpu_seconds()
    started = time.monotonic()
    for sent in range(args.messages):
        while sent - acknowledged[0] - failed[0] >= args.in_flight:  # the window is full
            producer.poll(1)  # returns once it served a report
        while True:
            try:
                producer.produce(topic, value=payload, on_delivery=report)
                break
            except BufferError:  # queue full: serve delivery reports, then retry
                producer.poll(0.01)
        producer.poll(0)
    producer.flush(120)
    elapsed = time.monotonic() - started
    cpu = cpu_seconds() - cpu_before
    if acknowledged[0] != args.messages:
        raise SystemExit(f"only {acknowledged[0]} of {args.messages} acknowledged ({failed[0]} failed)")
    print(f"client=python librdkafka={confluent_kafka.libversion()[0]} messages={acknowledged[0]}"
          f" seconds={elapsed:.3f} rate={int(acknowledged[0] / elapsed)} cpu_seconds={cpu:.3f}")


if __name__ == "__main__":
    main()
