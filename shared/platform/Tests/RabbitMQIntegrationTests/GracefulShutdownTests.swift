import Logging
import ServiceKit
import ServiceLifecycle
import TestInfra
import Testing

@testable import RabbitMQ

/// Graceful shutdown (what SIGTERM does through a ServiceGroup) lets work in flight finish: a
/// publish call made before it is carried out whole, one made after is refused whole, and
/// deliveries handed out can still be settled.
@Suite("RabbitMQ graceful shutdown", .timeLimit(.minutes(3)))
struct GracefulShutdownTests {
    /// The test holds the connection's in-flight permits, so the batch stalls half sent at a point
    /// the test chooses, and stays stalled while shutdown begins and its drain timeout passes. A
    /// drain deadline that cut publishes would fail the rest of the batch here, every time.
    @Test func aBatchBegunBeforeShutdownIsConfirmedWholeAndOneBegunAfterIsRefusedWhole() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            try await connection.publish(names.message("held"))
        }
        var logger = Logger(label: "rabbitmq-itest")
        logger.logLevel = .error
        let drainTimeout = Duration.milliseconds(300)
        let connection = RabbitMQConnection(
            configuration: testConfiguration(amqp, maximumInFlightPublishes: 100, shutdownDrainTimeout: drainTimeout),
            topology: names.topology, logger: logger)
        let group = ServiceGroup(services: [connection], logger: logger)
        let running = Task { try await group.run() }
        try await connection.waitUntilConnected(timeout: .seconds(15))
        // Prefetch 1: the consumer holds "held" and nothing else, so the queue's ready count is
        // exactly what the batch put there (plus "held" once it goes back).
        let collector = DeliveryCollector(connection.consume(queue: names.queue, prefetch: 1))
        let held = try await collector.waitFor(1)[0]
        #expect(held.messageID == "held")

        // Stall the batch after its first chunks: take every permit, let one chunk's worth go,
        // then take them all back (granted once what was sent is confirmed).
        let limiter = connection.limiter
        try await limiter.acquire(limiter.capacity)
        let batch = (0..<1_000).map { names.message("batch-\($0)") }
        let publishing = Task { try await connection.publish(batch) }
        let admitted = try await eventually(within: .seconds(10)) { connection.inbox.activePublishCalls == 1 }
        try #require(admitted, "the batch call never started")
        limiter.release(limiter.capacity / 2)
        try await limiter.acquire(limiter.capacity / 2)
        // Nothing is in flight now: every message sent so far is confirmed and in the queue.
        let sentBeforeShutdown = try await connection.queueState(names.queue).messageCount
        #expect(sentBeforeShutdown > 0 && sentBeforeShutdown < batch.count, "the batch is half sent")

        await group.triggerGracefulShutdown()
        let shuttingDown = try await eventually(within: .seconds(10)) { connection.inbox.shutdownMode == .graceful }
        try #require(shuttingDown)

        // A batch begun now is refused whole: not one message sent.
        let late = (0..<50).map { names.message("late-\($0)") }
        let refusal = await #expect(throws: RabbitMQBatchPublishError.self) { try await connection.publish(late) }
        #expect(refusal?.confirmedCount == 0)
        #expect(refusal?.failures.count == late.count)
        #expect(refusal?.failures.values.allSatisfy { $0.kind == .shutDown } == true)

        // The drain timeout passes: the held delivery, never settled, goes back to the queue (its
        // channel closed), while the stalled batch keeps the connection up.
        let heldReturned = try await eventually(within: .seconds(20)) {
            try await connection.queueState(names.queue).messageCount == sentBeforeShutdown + 1
        }
        #expect(heldReturned, "the held delivery went back to the queue after the drain timeout")
        #expect(throws: RabbitMQError.self) { try collector.consumer.ack(held) }
        #expect(connection.isConnected)
        #expect(connection.inbox.activePublishCalls == 1, "the batch is still under way")

        // Let the batch go on: every message of it is confirmed, then the connection closes.
        limiter.release(limiter.capacity)
        try await publishing.value
        try await running.value
        #expect(!connection.isConnected)

        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            // The whole batch and "held"; nothing of the refused batch.
            let ready = try await connection.queueState(names.queue).messageCount
            #expect(ready == batch.count + 1)
        }
    }

    @Test func aPublishBegunAfterShutdownIsRefused() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        var logger = Logger(label: "rabbitmq-itest")
        logger.logLevel = .error
        let connection = RabbitMQConnection(
            configuration: testConfiguration(amqp), topology: names.topology, logger: logger)
        let group = ServiceGroup(services: [connection], logger: logger)
        let running = Task { try await group.run() }
        try await connection.waitUntilConnected(timeout: .seconds(15))
        // A publish call under way keeps the connection draining while the test looks.
        try await connection.limiter.acquire(connection.limiter.capacity)
        let pending = Task { try await connection.publish(names.message("pending")) }
        let admitted = try await eventually(within: .seconds(10)) { connection.inbox.activePublishCalls == 1 }
        try #require(admitted)

        await group.triggerGracefulShutdown()
        let shuttingDown = try await eventually(within: .seconds(10)) { connection.inbox.shutdownMode == .graceful }
        try #require(shuttingDown)
        let refusal = await #expect(throws: RabbitMQError.self) {
            try await connection.publish(names.message("late"))
        }
        #expect(refusal?.kind == .shutDown)
        #expect(refusal?.messageID == "late")

        connection.limiter.release(connection.limiter.capacity)
        try await pending.value
        try await running.value
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            let ready = try await connection.queueState(names.queue).messageCount
            #expect(ready == 1, "the publish admitted before the shutdown, not the one refused after")
        }
    }

    /// Cancelling a consumer ends its deliveries but keeps its channel open: deliveries handed out
    /// before can still be acknowledged, and the channel closes as soon as they are.
    @Test func deliveriesHeldWhenTheConsumerIsCancelledCanStillBeAcked() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        // A drain timeout far beyond the test's patience: the channel must close because every
        // delivery was settled, not because the time ran out.
        let configuration = testConfiguration(amqp, shutdownDrainTimeout: .seconds(120))
        try await withRunningConnection(configuration, topology: names.topology) { connection in
            try await connection.publish((0..<10).map { names.message("m-\($0)") })
            let collector = DeliveryCollector(connection.consume(queue: names.queue, prefetch: 10))
            let deliveries = try await collector.waitFor(10)
            collector.consumer.cancel()
            let ended = try await eventually(within: .seconds(10)) { collector.ended }
            #expect(ended, "the deliveries end once the broker confirmed the cancel")
            #expect(collector.consumer.shared.liveChannelGeneration != nil, "the channel stays open")
            for delivery in deliveries { try collector.consumer.ack(delivery) }
            let closed = try await eventually(within: .seconds(20)) {
                collector.consumer.shared.liveChannelGeneration == nil
            }
            #expect(closed, "the channel closes once every delivery is settled")
            #expect(try await connection.queueState(names.queue).messageCount == 0)
            #expect(try await connection.queueState(names.queue).consumerCount == 0)
        }
    }
}
