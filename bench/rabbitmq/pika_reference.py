#!/usr/bin/env python3
"""The reference for the RabbitMQ benchmark: the same work done with Python's pika (1.x), used
the fast way (SelectConnection, pipelined confirms with the same window, prefetch, ack multiple),
against the same broker in the same run. Prints one JSON line per result, like rabbitmq-bench."""
import collections
import json
import os
import sys
import time
import uuid

import pika

URL = os.environ["AMQP_URL"]
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "200000"))
WINDOW = int(os.environ.get("BENCH_WINDOW", "5000"))
PREFETCH = int(os.environ.get("BENCH_PREFETCH", "2000"))
ACK_EVERY = int(os.environ.get("BENCH_ACK_EVERY", "200"))
BODY = b"x" * int(os.environ.get("BENCH_MESSAGE_SIZE", "1024"))
EXCHANGE = "bench.rabbitmq"
QUEUE = "bench.pika." + uuid.uuid4().hex[:8]
QUEUE_ARGUMENTS = {} if os.environ.get("BENCH_LAZY") == "0" else {"x-queue-mode": "lazy"}


def report(name, messages, seconds):
    rate = int(messages / seconds)
    print(f"pika {name}: {messages} messages in {seconds:.2f} s = {rate} msg/s", file=sys.stderr)
    print(json.dumps({"benchmark": name, "messages": messages, "seconds": seconds, "rate": rate}), flush=True)


class Run:
    """One SelectConnection; `start(channel)` is called once the channel is open."""

    def __init__(self):
        self.error = None
        self.connection = pika.SelectConnection(
            pika.URLParameters(URL),
            on_open_callback=lambda c: c.channel(on_open_callback=self.start),
            on_open_error_callback=self.fail,
            on_close_callback=lambda c, reason: c.ioloop.stop(),
        )

    def fail(self, _connection, error):
        self.error = error
        self.connection.ioloop.stop()

    def run(self):
        self.connection.ioloop.start()
        if self.error:
            raise RuntimeError(self.error)


class Publish(Run):
    def __init__(self):
        self.sent = self.confirmed = self.failed = 0
        self.pending = collections.deque()  # delivery tags in publish order
        self.single = set()  # tags confirmed one by one, still in `pending`
        super().__init__()

    def start(self, channel):
        self.channel = channel
        channel.exchange_declare(EXCHANGE, "direct", durable=True, callback=lambda _: channel.queue_declare(
            QUEUE, durable=True, auto_delete=True, arguments=QUEUE_ARGUMENTS, callback=lambda _: channel.queue_bind(
                QUEUE, EXCHANGE, routing_key=QUEUE, callback=lambda _: channel.confirm_delivery(
                    self.confirm, callback=self.begin))))

    def begin(self, _frame):
        self.started = time.perf_counter()
        self.fill()

    def fill(self):
        while self.sent < MESSAGES and len(self.pending) - len(self.single) < WINDOW:
            properties = pika.BasicProperties(delivery_mode=2, message_id=f"m-{self.sent}")
            self.channel.basic_publish(EXCHANGE, QUEUE, BODY, properties, mandatory=True)
            self.sent += 1
            self.pending.append(self.sent)

    def confirm(self, frame):
        method = frame.method
        acked = isinstance(method, pika.spec.Basic.Ack)
        if method.multiple:
            while self.pending and self.pending[0] <= method.delivery_tag:
                tag = self.pending.popleft()
                if tag in self.single:
                    self.single.discard(tag)
                else:
                    self.settle(acked)
        else:
            self.settle(acked)
            self.single.add(method.delivery_tag)
            while self.pending and self.pending[0] in self.single:
                self.single.discard(self.pending.popleft())
        if self.confirmed + self.failed == MESSAGES:
            report("publish-batch", MESSAGES, time.perf_counter() - self.started)
            self.connection.close()
        else:
            self.fill()

    def settle(self, acked):
        if acked:
            self.confirmed += 1
        else:
            self.failed += 1


class Consume(Run):
    def __init__(self):
        self.received = 0
        super().__init__()

    def start(self, channel):
        self.channel = channel
        channel.basic_qos(prefetch_count=PREFETCH, callback=self.begin)

    def begin(self, _frame):
        self.started = time.perf_counter()
        self.channel.basic_consume(QUEUE, self.deliver)

    def deliver(self, channel, method, _properties, _body):
        self.received += 1
        if self.received % ACK_EVERY == 0 or self.received == MESSAGES:
            channel.basic_ack(method.delivery_tag, multiple=True)
        if self.received == MESSAGES:
            report("consume-ack", MESSAGES, time.perf_counter() - self.started)
            self.connection.close()


Publish().run()
Consume().run()
