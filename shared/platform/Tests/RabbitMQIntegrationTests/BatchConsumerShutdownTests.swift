import Logging
import RabbitMQ
import ServiceKit
import ServiceLifecycle
import Synchronization
import TestInfra
import Testing

/// SIGTERM in the middle of an ingest, as a storing service sees it: its ServiceGroup shuts down
/// gracefully (the batch consumer first, then the connection), and a new process takes over.
@Suite("Batch consumer, graceful shutdown during ingest", .timeLimit(.minutes(3)))
struct BatchConsumerShutdownTests {
    @Test func aGracefulStopMidIngestLeavesNothingRedeliveredAndEveryMessageStoredOnce() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let ids = (0..<3_000).map { "m-\($0)" }
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { publisher in
            try await publisher.publish(ids.map { names.message($0) })
        }
        // The first run's stores hold once 300 messages are stored, so the stop surely comes
        // mid-ingest: the consumer then holds at most its prefetch (150) of unstored deliveries.
        let handler = IDRecordingHandler(holdingAfter: 300)
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { inspector in
            let first = try await IngestService(amqp, names, handler)
            let holding = try await eventually(within: .seconds(30)) { handler.isHolding }
            try #require(holding, "the first run never reached 300 stored messages")
            await first.group.triggerGracefulShutdown()
            // The consumer cancelled its subscription: nothing more is delivered to it. Only then
            // do its stores go on, so the deliveries it holds are stored during the shutdown.
            let cancelled = try await eventually(within: .seconds(20)) {
                try await inspector.queueState(names.queue).consumerCount == 0
            }
            try #require(cancelled, "the consumer was not cancelled")
            handler.stopHolding()
            try await first.running.value

            let storedFirst = handler.storedIDs.count
            #expect(storedFirst >= 300 && storedFirst < ids.count, "the stop came mid-ingest")
            #expect(
                handler.deliveredIDs.count == storedFirst && Set(handler.deliveredIDs) == Set(handler.storedIDs),
                "every delivery received was stored (\(handler.deliveredIDs.count) received)")
            #expect(
                try await inspector.queueState(names.queue).messageCount == ids.count - storedFirst,
                "every stored delivery was acknowledged, none went back to the queue")

            // A new process takes over and stores the rest.
            let second = try await IngestService(amqp, names, handler)
            let all = try await eventually(within: .seconds(60)) { handler.storedIDs.count >= ids.count }
            #expect(all, "\(handler.storedIDs.count) of \(ids.count) stored")
            await second.group.triggerGracefulShutdown()
            try await second.running.value
            #expect(try await inspector.queueState(names.queue).messageCount == 0)
        }
        let redelivered = handler.redeliveredIDs
        #expect(redelivered.isEmpty, "\(redelivered.count) redelivered, such as \(redelivered.prefix(5))")
        let stored = handler.storedIDs
        let storedTwice = Dictionary(grouping: stored, by: { $0 }).filter { $0.value.count > 1 }.keys
        #expect(storedTwice.isEmpty, "\(storedTwice.count) stored more than once, such as \(storedTwice.prefix(5))")
        let missing = Set(ids).subtracting(stored)
        #expect(missing.isEmpty, "\(missing.count) never stored, such as \(missing.prefix(5))")
        #expect(stored.count == ids.count)
    }
}

/// A connection and a batch consumer in one ServiceGroup, registered in the order a service's
/// main registers them: graceful shutdown stops the consumer first, then the connection.
private struct IngestService {
    let group: ServiceGroup
    let running: Task<Void, any Error>

    init(_ amqp: AMQPConfig, _ names: TestQueue, _ handler: IDRecordingHandler) async throws {
        var logger = Logger(label: "batch-consumer-itest")
        logger.logLevel = .error
        let connection = RabbitMQConnection(
            configuration: testConfiguration(amqp), topology: names.topology, logger: logger)
        let consumer = RabbitMQBatchConsumer(
            rabbit: connection,
            configuration: BatchConsumerConfiguration(
                queue: names.queue, maxDeliveries: 50, maxWait: .milliseconds(20), concurrentBatches: 2),
            handler: handler, logger: logger)
        let group = ServiceGroup(services: [connection, consumer], logger: logger)
        self.group = group
        running = Task { try await group.run() }
        try await connection.waitUntilConnected(timeout: .seconds(15))
    }
}

/// Stores message ids in memory and notes every delivery it decodes, and those flagged
/// redelivered. With `holdingAfter`, a store that starts once that many ids are stored waits
/// until ``stopHolding()``.
private final class IDRecordingHandler: BatchHandler, Sendable {
    private struct State {
        var delivered: [String] = []
        var redelivered: [String] = []
        var stored: [String] = []
        var holdingAfter: Int?
        var held: [CheckedContinuation<Void, Never>] = []
    }

    /// Protects what was delivered and stored, and the stores held.
    private let state: Mutex<State>

    init(holdingAfter: Int? = nil) {
        state = Mutex(State(holdingAfter: holdingAfter))
    }

    var deliveredIDs: [String] { state.withLock { $0.delivered } }
    var redeliveredIDs: [String] { state.withLock { $0.redelivered } }
    var storedIDs: [String] { state.withLock { $0.stored } }
    /// A store is waiting for ``stopHolding()``.
    var isHolding: Bool { state.withLock { !$0.held.isEmpty } }

    func stopHolding() {
        let held = state.withLock { state in
            state.holdingAfter = nil
            defer { state.held = [] }
            return state.held
        }
        for store in held { store.resume() }
    }

    func decode(_ delivery: RabbitMQDelivery) throws -> [String] {
        let id = delivery.messageID ?? "(no id)"
        state.withLock { state in
            state.delivered.append(id)
            if delivery.redelivered { state.redelivered.append(id) }
        }
        return [id]
    }

    func store(_ items: [String]) async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let hold = state.withLock { state in
                guard let limit = state.holdingAfter, state.stored.count >= limit else { return false }
                state.held.append(continuation)
                return true
            }
            if !hold { continuation.resume() }
        }
        state.withLock { $0.stored += items }
    }

    func isPermanent(_ error: any Error) -> Bool { false }
}
