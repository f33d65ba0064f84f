import Foundation
import Logging
import RabbitMQ
import ServiceKit

// Publish-with-confirms and consume-with-ack throughput of RabbitMQConnection, 1 KiB persistent
// messages to a durable queue, against the broker in AMQP_URL. Prints one JSON line per result on
// stdout (run.sh turns them into the table) and progress on stderr.

let options = BenchOptions(ProcessInfo.processInfo.environment)
let amqp = try AMQPConfig(environment: EnvironmentReader(ProcessInfo.processInfo.environment))
var logger = Logger(label: "rabbitmq-bench")
logger.logLevel = .warning

func report(_ name: String, messages: Int, seconds: Double) {
    let rate = Double(messages) / seconds
    FileHandle.standardError.write(
        Data("\(name): \(messages) messages in \(String(format: "%.2f", seconds)) s = \(Int(rate)) msg/s\n".utf8))
    let latency = seconds / Double(messages) * 1e6
    print(
        #"{"benchmark":"\#(name)","messages":\#(messages),"seconds":\#(seconds),"rate":\#(Int(rate)),"microseconds_each":\#(Int(latency))}"#
    )
}

let queue = "bench.rabbitmq.\(UUID().uuidString.prefix(8).lowercased())"
// A durable, lazy queue, as QueueSpec.workQueue declares the services' queues (BENCH_LAZY=0 for a
// default classic queue); auto-delete removes it when the consumer leaves.
let topology = Topology.workQueue(
    exchange: "bench.rabbitmq", queue: QueueSpec(queue, autoDelete: true, lazy: options.lazy))
let configuration = RabbitMQConfiguration(
    amqp: amqp, connectionName: "rabbitmq-bench", maximumInFlightPublishes: options.window)
let body = [UInt8](repeating: UInt8(ascii: "x"), count: options.messageSize)

func message(_ index: Int, persistent: Bool = options.persistent) -> RabbitMQOutgoingMessage {
    RabbitMQOutgoingMessage(
        exchange: "bench.rabbitmq", routingKey: queue, messageID: "m-\(index)", body: body,
        deliveryMode: persistent ? .persistent : .transient)
}

try await withConnection(configuration, topology: topology, logger: logger) { connection in
    let clock = ContinuousClock()

    // 1. Batch publish: the whole run is one publish(batch), pipelined by the in-flight window.
    var start = clock.now
    try await connection.publish((0..<options.messages).map { message($0) })
    report("publish-batch", messages: options.messages, seconds: (clock.now - start).seconds)

    // 2. Concurrent single publishes: each call awaits its own confirm, many calls at once.
    start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        let perTask = options.singleMessages / options.publishers
        for publisher in 0..<options.publishers {
            group.addTask {
                for index in 0..<perTask {
                    try await connection.publish(message(options.messages + publisher * perTask + index))
                }
            }
        }
        try await group.waitForAll()
    }
    let singles = options.singleMessages / options.publishers * options.publishers
    report("publish-concurrent", messages: singles, seconds: (clock.now - start).seconds)

    // 3. One publish at a time: the round trip of a publish to its confirm, which includes waking
    //    the connection thread (eventfd) and resuming the caller.
    start = clock.now
    for index in 0..<options.sequentialMessages {
        try await connection.publish(message(options.messages + singles + index))
    }
    report("publish-sequential", messages: options.sequentialMessages, seconds: (clock.now - start).seconds)

    // The same with transient messages: the broker confirms without waiting for its disk, so this
    //    is the client's own round trip (wakeups, the thread, the continuation) plus the broker's routing.
    start = clock.now
    let transientBase = options.messages + singles + options.sequentialMessages
    for index in 0..<options.sequentialMessages {
        try await connection.publish(message(transientBase + index, persistent: false))
    }
    report("publish-sequential-transient", messages: options.sequentialMessages, seconds: (clock.now - start).seconds)

    // 5. Consume and ack everything published, acking with `multiple` every `ackEvery` deliveries.
    let expected = options.messages + singles + 2 * options.sequentialMessages
    start = clock.now
    var received = 0
    let consumer = connection.consume(queue: queue, prefetch: options.prefetch)
    for try await delivery in consumer {
        received += 1
        if received % options.ackEvery == 0 || received == expected { try consumer.ack(delivery, multiple: true) }
        if received == expected { break }
    }
    report("consume-ack", messages: received, seconds: (clock.now - start).seconds)
}
