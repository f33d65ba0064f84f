import Contracts
import Foundation
import Synchronization
import TestInfra
import Testing

@testable import LogAPICore

@Suite("gathering POST /log records into messages", .timeLimit(.minutes(2)))
struct LogRecordCoalescerTests {
    /// Holds every publish until the test releases it, then succeeds or fails as told.
    final class GatedPublisher: LogPublishing {
        private struct State {
            var published: [[LogRecord]] = []
            var held: [CheckedContinuation<Void, Never>] = []
            var failure: LogPublishError?
        }

        /// Protects the messages seen, the publishes held and the outcome to give them.
        private let state = Mutex(State())
        let holds: Bool

        init(holds: Bool = true) { self.holds = holds }

        func publish(_ messages: [LogBatchMessage], within limit: Duration) async throws(LogPublishError) {
            let records = messages.map(\.envelope.payload.records)
            state.withLock { $0.published += records }
            if holds {
                await withCheckedContinuation { continuation in state.withLock { $0.held.append(continuation) } }
            }
            if let failure = state.withLock({ $0.failure }) { throw failure }
        }

        var published: [[LogRecord]] { state.withLock { $0.published } }
        var heldCount: Int { state.withLock { $0.held.count } }

        func fail(with failure: LogPublishError) { state.withLock { $0.failure = failure } }

        func releaseHeld() {
            let held = state.withLock { state in
                defer { state.held.removeAll() }
                return state.held
            }
            for continuation in held { continuation.resume() }
        }
    }

    static func coalescer(
        _ publisher: GatedPublisher, perMessage: Int = 500, inFlight: Int = 1
    ) -> LogRecordCoalescer<GatedPublisher> {
        LogRecordCoalescer(
            publisher: publisher, maxRecordsPerMessage: perMessage, maxMessagesInFlight: inFlight,
            timeout: .seconds(30), ids: LogIDGenerator())
    }

    /// Polls `condition` (with TestInfra's deadline) until it holds.
    func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        _ = try await pollUntil(what) { condition() ? true : nil }
    }

    static func record(_ message: String) -> PassThroughLogRecord {
        PassThroughLogRecord(LogRecord(id: UUID(), receivedAt: Date(), message: message))!
    }

    /// Queues each record in a task of its own; the tasks return the error, if any.
    static func queueAll(
        _ coalescer: LogRecordCoalescer<GatedPublisher>, _ messages: [String]
    ) -> [Task<LogPublishError?, Never>] {
        messages.map { message in
            Task {
                do throws(LogPublishError) {
                    try await coalescer.queue(record(message))
                    return nil
                } catch {
                    return error
                }
            }
        }
    }

    @Test func withoutLoadEachRecordHasAMessageOfItsOwn() async throws {
        let publisher = GatedPublisher(holds: false)
        let coalescer = Self.coalescer(publisher)
        for message in ["a", "b", "c"] { try await coalescer.queue(Self.record(message)) }
        #expect(publisher.published.map { $0.map(\.message) } == [["a"], ["b"], ["c"]])
    }

    @Test func recordsArrivingWhileMessagesAreInFlightShareTheNextOne() async throws {
        let publisher = GatedPublisher()
        let coalescer = Self.coalescer(publisher)
        let first = Self.queueAll(coalescer, ["first"])
        try await waitUntil("the first message is held") { publisher.heldCount == 1 }
        let later = Self.queueAll(coalescer, ["b", "c", "d", "e", "f"])
        try await waitUntil("five records wait") { coalescer.waitingCount == 5 }
        #expect(publisher.published.count == 1)

        publisher.releaseHeld()
        #expect(await first[0].value == nil)
        try await waitUntil("the second message is held") { publisher.heldCount == 1 }
        publisher.releaseHeld()
        for task in later { #expect(await task.value == nil) }
        #expect(publisher.published.map(\.count) == [1, 5])
        #expect(Set(publisher.published[1].compactMap(\.message)) == ["b", "c", "d", "e", "f"])
        #expect(coalescer.waitingCount == 0)
    }

    @Test func aMessageHoldsAtMostTheConfiguredRecords() async throws {
        let publisher = GatedPublisher()
        let coalescer = Self.coalescer(publisher, perMessage: 2)
        let first = Self.queueAll(coalescer, ["first"])
        try await waitUntil("the first message is held") { publisher.heldCount == 1 }
        let later = Self.queueAll(coalescer, ["b", "c", "d", "e", "f"])
        try await waitUntil("five records wait") { coalescer.waitingCount == 5 }
        for expectedMessages in 1...4 {
            try await waitUntil("message \(expectedMessages) is held") {
                publisher.heldCount == 1 && publisher.published.count == expectedMessages
            }
            publisher.releaseHeld()
        }
        for task in first + later { #expect(await task.value == nil) }
        #expect(publisher.published.map(\.count) == [1, 2, 2, 1])
    }

    @Test func severalMessagesMayBeInFlight() async throws {
        let publisher = GatedPublisher()
        let coalescer = Self.coalescer(publisher, inFlight: 3)
        let tasks = Self.queueAll(coalescer, ["a", "b", "c"])
        try await waitUntil("three messages are held") { publisher.heldCount == 3 }
        #expect(coalescer.waitingCount == 0)
        publisher.releaseHeld()
        for task in tasks { #expect(await task.value == nil) }
        #expect(publisher.published.map(\.count) == [1, 1, 1])
    }

    @Test func aFailedMessageFailsEveryRecordInIt() async throws {
        let publisher = GatedPublisher()
        let coalescer = Self.coalescer(publisher)
        let first = Self.queueAll(coalescer, ["first"])
        try await waitUntil("the first message is held") { publisher.heldCount == 1 }
        let later = Self.queueAll(coalescer, ["b", "c"])
        try await waitUntil("two records wait") { coalescer.waitingCount == 2 }
        publisher.fail(with: LogPublishError(.refused, "nack"))
        publisher.releaseHeld()
        #expect(await first[0].value?.kind == .refused)
        try await waitUntil("the second message is held") { publisher.heldCount == 1 }
        publisher.releaseHeld()
        for task in later { #expect(await task.value?.kind == .refused) }
    }
}
