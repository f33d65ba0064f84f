import Contracts
import Foundation
import Synchronization

/// Gathers the records of concurrent `POST /log` requests into shared messages, the way a database
/// groups concurrent commits into one flush.
///
/// Why: a persistent, confirmed message costs the broker the same ~50 µs of CPU whether it holds
/// one record or fifty, so one message per request made the broker the bottleneck. Here at most
/// ``maxMessagesInFlight`` messages await their confirms at once; a request that arrives while all
/// are taken waits, and every record waiting by the time one is confirmed goes out together in the
/// next message (up to ``maxRecordsPerMessage``). When the service is not busy, each request still
/// gets a message of its own at once: batching costs no latency, it only happens under load.
///
/// Guarantees: ``queue(_:)`` returns only after the message holding the record was confirmed, and
/// throws (the message's error, or ``LogPublishError/Kind/timedOut``) no later than ``timeout``
/// after it was called. A record is in exactly one message.
public final class LogRecordCoalescer<Publisher: LogPublishing>: Sendable {
    public let publisher: Publisher
    public let maxRecordsPerMessage: Int
    public let maxMessagesInFlight: Int
    public let timeout: Duration
    let ids: LogIDGenerator

    /// One record waiting for its message's confirm.
    private struct Waiting {
        let record: PassThroughLogRecord
        let since: ContinuousClock.Instant
        let outcome: Outcome
    }

    private struct State {
        var waiting: [Waiting] = []
        var messagesInFlight = 0
    }

    /// Protects the records not yet in a message and how many messages await their confirms.
    private let state = Mutex(State())

    public init(
        publisher: Publisher, maxRecordsPerMessage: Int, maxMessagesInFlight: Int, timeout: Duration,
        ids: LogIDGenerator
    ) {
        self.publisher = publisher
        self.maxRecordsPerMessage = max(1, maxRecordsPerMessage)
        self.maxMessagesInFlight = max(1, maxMessagesInFlight)
        self.timeout = timeout
        self.ids = ids
    }

    /// Queues `record` and returns once the broker confirmed the message holding it.
    public func queue(_ record: PassThroughLogRecord) async throws(LogPublishError) {
        let outcome = Outcome()
        let batch = state.withLock { state -> [Waiting]? in
            state.waiting.append(Waiting(record: record, since: .now, outcome: outcome))
            guard state.messagesInFlight < maxMessagesInFlight else { return nil }
            state.messagesInFlight += 1
            return take(from: &state)
        }
        if let batch {
            // This request found a free slot. The slot's publishing runs in a task of its own, so
            // that a request cancelled while waiting cannot fail the other records of its message.
            Task { await self.publishUntilNoneWaits(startingWith: batch) }
        }
        try await outcome.value()
    }

    /// How many records wait for a message right now.
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Publishes batches while records wait, then gives the slot back.
    private func publishUntilNoneWaits(startingWith first: [Waiting]) async {
        var batch = first
        while true {
            await publish(batch)
            guard let next = nextBatchOrReleaseSlot() else { return }
            batch = next
        }
    }

    /// The next batch for a slot whose message was settled, or nil (and the slot is free) when
    /// no record waits.
    private func nextBatchOrReleaseSlot() -> [Waiting]? {
        state.withLock { state -> [Waiting]? in
            guard !state.waiting.isEmpty else {
                state.messagesInFlight -= 1
                return nil
            }
            return take(from: &state)
        }
    }

    /// The oldest waiting records, at most one message's worth.
    private func take(from state: inout State) -> [Waiting] {
        guard state.waiting.count > maxRecordsPerMessage else {
            defer { state.waiting.removeAll(keepingCapacity: true) }
            return state.waiting
        }
        let batch = Array(state.waiting.prefix(maxRecordsPerMessage))
        state.waiting.removeFirst(maxRecordsPerMessage)
        return batch
    }

    /// Publishes `batch` as one message within what is left of its oldest record's time, and tells
    /// every record's request the result.
    private func publish(_ batch: [Waiting]) async {
        let left = timeout - (ContinuousClock.now - batch[0].since)
        let result: Result<Void, LogPublishError>
        if left <= .zero {
            result = .failure(LogPublishError(.timedOut, "the records waited \(timeout) for a message"))
        } else {
            if let message = LogBatchMessage(records: batch.lazy.map(\.record), messageID: ids.next()) {
                do {
                    try await publisher.publish([message], within: left)
                    result = .success(())
                } catch {
                    result = .failure(error)
                }
            } else {
                result = .failure(LogBatchMessage.unwritable)
            }
        }
        for waiting in batch { waiting.outcome.resolve(result) }
    }
}

/// The result of one record's message, set once and awaited once.
private final class Outcome: Sendable {
    private enum State {
        case pending(CheckedContinuation<Result<Void, LogPublishError>, Never>?)
        case settled(Result<Void, LogPublishError>)
    }

    /// Protects the result, or the request waiting for it.
    private let state = Mutex(State.pending(nil))

    func resolve(_ result: Result<Void, LogPublishError>) {
        let waiter = state.withLock { state -> CheckedContinuation<Result<Void, LogPublishError>, Never>? in
            guard case .pending(let waiter) = state else { return nil }
            state = .settled(result)
            return waiter
        }
        waiter?.resume(returning: result)
    }

    func value() async throws(LogPublishError) {
        let result = await withCheckedContinuation { continuation in
            let settled = state.withLock { state -> Result<Void, LogPublishError>? in
                switch state {
                case .pending:
                    state = .pending(continuation)
                    return nil
                case .settled(let result):
                    return result
                }
            }
            if let settled { continuation.resume(returning: settled) }
        }
        try result.get()
    }
}
