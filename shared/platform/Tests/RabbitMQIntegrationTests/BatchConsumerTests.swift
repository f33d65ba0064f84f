import Logging
import RabbitMQ
import ServiceLifecycle
import Synchronization
import TestInfra
import Testing

/// ``RabbitMQBatchConsumer`` against the real broker: what is acknowledged, dead-lettered and
/// retried. The handler stores into memory; the broker is the thing under test here. Each test
/// stops its consumer by graceful shutdown and then expects the queue empty: every delivery was
/// acknowledged before the consumer's channel closed. Where a test says `acksLastAfterShutdown`,
/// the last batch is committed before the shutdown and acknowledged during it, as when SIGTERM
/// comes between a commit and its acknowledgement.
@Suite("Batch consumer", .timeLimit(.minutes(3)))
struct BatchConsumerTests {
    @Test func storesEveryMessageInBatchesThenAcksThem() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let handler = RecordingHandler(acksLastAfterShutdown: 300)
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            try await connection.publish((0..<300).map { names.message("m-\($0)", body: "item \($0)") })
            try await withBatchConsumer(connection, names, handler, maxDeliveries: 50) {
                let done = try await eventually(within: .seconds(20)) { handler.storedItems.count == 300 }
                #expect(done)
            }
            #expect(Set(handler.storedItems) == Set((0..<300).map { "item \($0)" }))
            #expect(handler.batchSizes.allSatisfy { $0 <= 50 })
            #expect(try await connection.queueState(names.queue).messageCount == 0)
        }
    }

    @Test func aRejectedBatchIsSplitUntilOnlyThePoisonGoesToTheDeadLetterQueue() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let handler = RecordingHandler()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            var messages = (0..<40).map { names.message("m-\($0)", body: "item \($0)") }
            messages.insert(names.message("bad-1", body: "poison one"), at: 7)
            messages.insert(names.message("bad-2", body: "poison two"), at: 30)
            try await connection.publish(messages)
            // A wait long enough that all 42 arrive in one batch: the split must isolate the two.
            try await withBatchConsumer(connection, names, handler, maxDeliveries: 100, maxWait: .seconds(1)) {
                let done = try await eventually(within: .seconds(20)) { handler.storedItems.count == 40 }
                #expect(done)
                let dead = DeliveryCollector(connection.consume(queue: names.queue + ".dead"))
                let letters = try await dead.waitFor(2)
                #expect(Set(letters.compactMap(\.messageID)) == ["bad-1", "bad-2"])
                #expect(
                    letters.allSatisfy {
                        $0.properties.headers["x-death-reason"] == .string("permanent: poison is never storable")
                    })
                try dead.consumer.ack(letters[letters.count - 1], multiple: true)
            }
            #expect(!handler.storedItems.contains { $0.hasPrefix("poison") })
            #expect(try await connection.queueState(names.queue).messageCount == 0)
        }
    }

    @Test func aTransientFailureIsRetriedWithoutAckingOrDropping() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let handler = RecordingHandler(transientFailures: 3, acksLastAfterShutdown: 20)
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            try await connection.publish((0..<20).map { names.message("m-\($0)", body: "item \($0)") })
            try await withBatchConsumer(connection, names, handler, maxDeliveries: 100) {
                let done = try await eventually(within: .seconds(20)) { handler.storedItems.count == 20 }
                #expect(done)
            }
            #expect(handler.failedAttempts == 3)
            #expect(try await connection.queueState(names.queue).messageCount == 0)
            #expect(try await connection.queueState(names.queue + ".dead").messageCount == 0)
        }
    }

    @Test func anUndecodableMessageIsDeadLetteredWithTheDecodingError() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let handler = RecordingHandler()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            try await connection.publish([
                names.message("good", body: "item good"), names.message("empty", body: ""),
            ])
            try await withBatchConsumer(connection, names, handler, maxDeliveries: 10) {
                let dead = DeliveryCollector(connection.consume(queue: names.queue + ".dead"))
                let letter = try #require(try await dead.waitFor(1).first)
                #expect(letter.messageID == "empty")
                #expect(letter.properties.headers["x-death-reason"] == .string("empty body"))
                try dead.consumer.ack(letter)
                let done = try await eventually(within: .seconds(10)) { handler.storedItems == ["item good"] }
                #expect(done)
            }
            #expect(try await connection.queueState(names.queue).messageCount == 0)
        }
    }

    @Test func batchesStayWithinTheByteLimitButTakeAtLeastOneMessage() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let handler = RecordingHandler(acksLastAfterShutdown: 10)
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            let big = String(repeating: "x", count: 3_000)
            try await connection.publish((0..<10).map { names.message("m-\($0)", body: "item \($0) \(big)") })
            try await withBatchConsumer(connection, names, handler, maxDeliveries: 100, maxBytes: 7_000) {
                let done = try await eventually(within: .seconds(20)) { handler.storedItems.count == 10 }
                #expect(done)
            }
            #expect(handler.batchSizes.allSatisfy { $0 <= 2 })
            #expect(try await connection.queueState(names.queue).messageCount == 0)
        }
    }
}

@Suite("Batch consumer, batches stored at once", .timeLimit(.minutes(3)))
struct BatchConsumerOrderingTests {
    @Test func orderedStoresCommitInDeliveryOrderWhileTheNextBatchDecodes() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let handler = RecordingHandler(slow: "item 0", acksLastAfterShutdown: 40)
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            try await connection.publish((0..<40).map { names.message("m-\($0)", body: "item \($0)") })
            try await withBatchConsumer(connection, names, handler, maxDeliveries: 10, maxWait: .milliseconds(200)) {
                let done = try await eventually(within: .seconds(20)) { handler.storedItems.count == 40 }
                #expect(done)
            }
            // The first batch's store was the slowest; the others still waited for it.
            #expect(handler.storedItems == (0..<40).map { "item \($0)" })
            #expect(try await connection.queueState(names.queue).messageCount == 0)
        }
    }

    @Test func aBatchFinishedFirstIsNotAcknowledgedBeforeTheOneBeforeIt() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { publisher in
            try await publisher.publish((0..<20).map { names.message("m-\($0)", body: "item \($0)") })
        }
        // The batch holding "item 0" never finishes; the next one is stored meanwhile. Then the
        // consumer's connection goes away, as when its process dies.
        let handler = RecordingHandler(holding: "item 0")
        let connection = RabbitMQConnection(configuration: testConfiguration(amqp), topology: names.topology)
        let running = Task { try await connection.run() }
        try await connection.waitUntilConnected(timeout: .seconds(15))
        try await withBatchConsumer(
            connection, names, handler, maxDeliveries: 10, maxWait: .milliseconds(200), orderedStores: false,
            graceful: false
        ) {
            let secondStored = try await eventually(within: .seconds(20)) { handler.storedItems.count == 10 }
            #expect(secondStored)
            #expect(handler.storedItems.first == "item 10")
            // Give a wrong `ack multiple` of the second batch the time to reach the broker.
            _ = try await connection.queueState(names.queue)
            running.cancel()
        }
        try await running.value
        // The second batch was stored but not acknowledged, since the first was still pending:
        // all twenty come back (stored again later, harmlessly), none was lost.
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { inspector in
            let requeued = try await eventually(within: .seconds(20)) {
                try await inspector.queueState(names.queue).messageCount == 20
            }
            #expect(requeued)
        }
    }
}

/// Runs a batch consumer on `connection` while `body` runs, then stops it as SIGTERM would (the
/// graceful shutdown of its service group: it stores and acknowledges what it received, then
/// returns), or with `graceful: false` by cancelling its task, and waits for it.
private func withBatchConsumer(
    _ connection: RabbitMQConnection, _ names: TestQueue, _ handler: RecordingHandler, maxDeliveries: Int,
    maxBytes: Int = 1 << 20, maxWait: Duration = .milliseconds(20), orderedStores: Bool = true,
    graceful: Bool = true, _ body: () async throws -> Void
) async throws {
    var logger = Logger(label: "batch-consumer-itest")
    logger.logLevel = .critical
    let consumer = RabbitMQBatchConsumer(
        rabbit: connection,
        configuration: BatchConsumerConfiguration(
            queue: names.queue, maxDeliveries: maxDeliveries, maxBytes: maxBytes, maxWait: maxWait,
            orderedStores: orderedStores, firstRetryDelay: .milliseconds(10), maxRetryDelay: .milliseconds(50)),
        handler: handler, logger: logger)
    let group = ServiceGroup(services: [consumer], logger: logger)
    let run = graceful ? Task { try await group.run() } : Task { try await consumer.run() }
    do {
        try await body()
    } catch {
        run.cancel()
        throw error
    }
    if graceful {
        await group.triggerGracefulShutdown()
    } else {
        run.cancel()
    }
    try await run.value
}

/// Stores each message's text as one item. A batch with an item starting with "poison" fails
/// permanently, as PostgreSQL fails a whole statement for one bad value; the first
/// `transientFailures` stores fail as a database outage would. Once `acksLastAfterShutdown` items
/// are stored, ``stored(_:)`` (which runs between a commit and its acknowledgement) waits for the
/// graceful shutdown.
private final class RecordingHandler: BatchHandler, Sendable {
    struct Permanent: Error, CustomStringConvertible {
        var description: String { "permanent: poison is never storable" }
    }
    struct Transient: Error {}
    struct Empty: Error, CustomStringConvertible {
        var description: String { "empty body" }
    }

    private let state: Mutex<(items: [String], batches: [Int], failed: Int, failuresLeft: Int)>
    /// A batch with this item waits in `store` until its task is cancelled.
    private let held: String?
    /// A batch with this item takes 300 ms longer to store.
    private let slow: String?
    private let acksLastAfterShutdown: Int?

    init(
        transientFailures: Int = 0, holding held: String? = nil, slow: String? = nil,
        acksLastAfterShutdown: Int? = nil
    ) {
        state = Mutex(([], [], 0, transientFailures))
        self.held = held
        self.slow = slow
        self.acksLastAfterShutdown = acksLastAfterShutdown
    }

    var storedItems: [String] { state.withLock { $0.items } }
    var batchSizes: [Int] { state.withLock { $0.batches } }
    var failedAttempts: Int { state.withLock { $0.failed } }

    func decode(_ delivery: RabbitMQDelivery) throws -> [String] {
        guard !delivery.body.isEmpty else { throw Empty() }
        return [delivery.text]
    }

    func store(_ items: [String]) async throws {
        if let held, items.contains(held) {
            while true { try await Task.sleep(for: .milliseconds(10)) }
        }
        if let slow, items.contains(slow) { try await Task.sleep(for: .milliseconds(300)) }
        try state.withLock { state in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                state.failed += 1
                throw Transient()
            }
            if items.contains(where: { $0.hasPrefix("poison") }) { throw Permanent() }
            state.items += items
            state.batches.append(items.count)
        }
    }

    func isPermanent(_ error: any Error) -> Bool { error is Permanent }

    func stored(_ items: [String]) async {
        guard let acksLastAfterShutdown, storedItems.count >= acksLastAfterShutdown else { return }
        try? await gracefulShutdown()
    }
}
