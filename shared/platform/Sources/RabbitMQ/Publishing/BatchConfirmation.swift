import Synchronization

/// The outcome of one batch publish, filled in by the connection thread as confirms arrive and
/// awaited once by the publisher.
final class BatchConfirmation: Sendable {
    private struct State {
        var outstanding: Int
        var confirmed = 0
        var failures: [String: RabbitMQError] = [:]
        var waiter: CheckedContinuation<Void, any Error>?

        var result: Result<Void, any Error> {
            failures.isEmpty
                ? .success(()) : .failure(RabbitMQBatchPublishError(confirmedCount: confirmed, failures: failures))
        }
    }

    /// Protects the counts, the failures so far and the publisher's continuation.
    private let state: Mutex<State>

    init(messageCount: Int) {
        state = Mutex(State(outstanding: messageCount))
    }

    /// Records settled messages: `confirmed` of them confirmed, plus `failures`.
    func record(confirmed: Int, failures: [(messageID: String, error: RabbitMQError)] = []) {
        let finished = state.withLock { state -> (CheckedContinuation<Void, any Error>, Result<Void, any Error>)? in
            state.confirmed += confirmed
            for failure in failures { state.failures[failure.messageID] = failure.error }
            state.outstanding -= confirmed + failures.count
            guard state.outstanding <= 0, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, state.result)
        }
        if let (waiter, result) = finished { waiter.resume(with: result) }
    }

    /// Returns when every message is settled; throws ``RabbitMQBatchPublishError`` if any failed.
    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let result = state.withLock { state -> Result<Void, any Error>? in
                guard state.outstanding <= 0 else {
                    state.waiter = continuation
                    return nil
                }
                return state.result
            }
            if let result { continuation.resume(with: result) }
        }
    }
}
