import Contracts
import Foundation
import Synchronization

@testable import LogAPICore

/// A ``LogPublishing`` that confirms every envelope at once and keeps them, in the order they were
/// handed over, for the test to read: what the routes would have queued.
final class RecordingLogPublisher: LogPublishing {
    /// Protects the envelopes confirmed so far.
    private let envelopes = Mutex<[Envelope<LogBatch>]>([])

    func publish(_ messages: [LogBatchMessage], within limit: Duration) async throws(LogPublishError) {
        let envelopes = messages.map(\.envelope)
        self.envelopes.withLock { $0 += envelopes }
    }

    /// Every envelope confirmed so far.
    var published: [Envelope<LogBatch>] { envelopes.withLock { $0 } }
    /// Their records, in order.
    var records: [LogRecord] { published.flatMap(\.payload.records) }
}

/// A ``LogPublishing`` that confirms nothing: every publish throws `failure`, as RabbitMQLogPublisher
/// does when the broker is down, refuses the message or does not confirm in time. It counts the
/// attempts, so a test can tell "refused before publishing" from "publishing failed".
final class FailingLogPublisher: LogPublishing {
    let failure: LogPublishError
    /// Protects the number of envelopes the routes tried to publish.
    private let attempted = Mutex(0)

    init(_ failure: LogPublishError) { self.failure = failure }

    func publish(_ messages: [LogBatchMessage], within limit: Duration) async throws(LogPublishError) {
        attempted.withLock { $0 += messages.count }
        throw failure
    }

    /// How many envelopes the routes handed over (none of them confirmed).
    var attemptedCount: Int { attempted.withLock { $0 } }
}

/// A ``LogPublishing`` that holds every publish until the test releases it, then confirms it: a
/// broker whose confirms are slow, to show that nothing is answered before the confirm.
final class HeldLogPublisher: LogPublishing {
    private struct State {
        var held: [CheckedContinuation<Void, Never>] = []
        var confirmed: [Envelope<LogBatch>] = []
    }

    /// Protects the publishes waiting for release and the envelopes confirmed.
    private let state = Mutex(State())

    func publish(_ messages: [LogBatchMessage], within limit: Duration) async throws(LogPublishError) {
        let envelopes = messages.map(\.envelope)
        await withCheckedContinuation { continuation in state.withLock { $0.held.append(continuation) } }
        state.withLock { $0.confirmed += envelopes }
    }

    /// How many publishes wait for ``releaseAll()``.
    var heldCount: Int { state.withLock { $0.held.count } }
    /// The envelopes confirmed so far.
    var confirmed: [Envelope<LogBatch>] { state.withLock { $0.confirmed } }

    /// Confirms every publish held so far.
    func releaseAll() {
        let held = state.withLock { state in
            defer { state.held.removeAll() }
            return state.held
        }
        for continuation in held { continuation.resume() }
    }
}

extension LogBatchMessage {
    /// The envelope the message decodes to with `ContractCoding`, as log-worker reads it (a test fails at once
    /// on a message that does not decode).
    var envelope: Envelope<LogBatch> {
        do {
            let envelope = try ContractCoding.decode(Envelope<LogBatch>.self, from: Data(body))
            precondition(envelope.messageID == messageID && envelope.payload.records.count == recordCount)
            return envelope
        } catch {
            preconditionFailure("a log batch message that does not decode: \(error)")
        }
    }
}
