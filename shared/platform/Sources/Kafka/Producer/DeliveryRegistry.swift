import Synchronization

/// The records a producer has enqueued and not yet heard back about: one continuation per record,
/// keyed by the id that travels with the record through librdkafka (its `opaque`) and comes back in
/// the delivery report. Also the gate that keeps `send` from using the handle once it is closing.
final class DeliveryRegistry: Sendable {
    /// What an enqueue attempt led to: the broker's acknowledgement, or no room in the queue yet.
    enum SendOutcome: Sendable {
        case delivered(KafkaDeliveryReport)
        case queueFull
    }

    typealias Waiter = CheckedContinuation<SendOutcome, any Error>

    private struct State {
        var isAccepting = true
        /// `send` calls between admission and the end of their `rd_kafka_produceva` call: the
        /// handle may not be destroyed while any is inside.
        var enqueuing = 0
        var nextID: UInt = 1  // never 0: the id is passed as a pointer, and nil means "no id"
        var waiting: [UInt: Waiter] = [:]
        /// Reports received since the poll thread last asked: each freed a place in the queue.
        var completedSinceLastTake = 0
    }

    private let state = Mutex(State())

    /// Registers `waiter` before its record is enqueued (the report may arrive before
    /// `rd_kafka_produceva` returns); `nil` when the producer is closing.
    func admit(_ waiter: Waiter) -> UInt? {
        state.withLock { state in
            guard state.isAccepting else { return nil }
            let id = state.nextID
            state.nextID &+= 1
            state.enqueuing += 1
            state.waiting[id] = waiter
            return id
        }
    }

    /// Ends an admission. If the enqueue failed, no report will come: the waiter is handed back.
    func enqueueFinished(_ id: UInt, failed: Bool) -> Waiter? {
        state.withLock { state in
            state.enqueuing -= 1
            return failed ? state.waiting.removeValue(forKey: id) : nil
        }
    }

    /// Resumes the `send` waiting for this report.
    func complete(_ outcome: DeliveryOutcome) {
        let waiter = state.withLock { state in
            state.completedSinceLastTake += 1
            return state.waiting.removeValue(forKey: outcome.messageID)
        }
        guard let waiter else { return }
        switch outcome.result {
        case .success(let report): waiter.resume(returning: .delivered(report))
        case .failure(let error): waiter.resume(throwing: error)
        }
    }

    /// Stops admitting and tells whether a `send` is still inside `rd_kafka_produceva`.
    func stopAccepting() -> Bool {
        state.withLock { state in
            state.isAccepting = false
            return state.enqueuing > 0
        }
    }

    var inFlight: Int { state.withLock { $0.waiting.count } }

    /// How many reports arrived since the last call (the places they freed in librdkafka's queue).
    func takeCompletedCount() -> Int {
        state.withLock { state in
            defer { state.completedSinceLastTake = 0 }
            return state.completedSinceLastTake
        }
    }

    /// After the handle is gone: whatever never got a report fails with `error`.
    func failAll(with error: any Error) {
        let waiters = state.withLock { state -> [Waiter] in
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
