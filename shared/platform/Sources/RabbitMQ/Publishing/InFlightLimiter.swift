import Synchronization

/// Bounds the publishes that are sent but not confirmed: a publisher takes a permit per message
/// before handing it to the connection thread, and the thread gives it back when the message is
/// settled (confirmed or failed). Waiters are served first come, first served.
final class InFlightLimiter: Sendable {
    private struct Waiter {
        let id: UInt64
        let permits: Int
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
    }

    let capacity: Int
    /// Protects the free permits and the queue of publishers waiting for some.
    private let state: Mutex<State>

    init(capacity: Int) {
        self.capacity = capacity
        state = Mutex(State(available: capacity))
    }

    /// Waits until `permits` (at most `capacity`) are free and takes them. Throws
    /// `CancellationError` if the task is cancelled while waiting, holding none.
    func acquire(_ permits: Int) async throws {
        precondition(permits > 0 && permits <= capacity, "acquire \(permits) of \(capacity) permits")
        let taken = state.withLock { state -> Bool in
            guard state.waiters.isEmpty, state.available >= permits else { return false }
            state.available -= permits
            return true
        }
        if taken { return }
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.waiters.isEmpty, state.available >= permits {
                        state.available -= permits
                        return .success(())
                    }
                    state.waiters.append(Waiter(id: id, permits: permits, continuation: continuation))
                    return nil
                }
                if let resumeNow { continuation.resume(with: resumeNow) }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
            // The next waiter may fit now that this one left the head of the queue.
            release(0)
        }
    }

    /// Gives back `permits` and wakes the waiters that now fit, in order.
    func release(_ permits: Int) {
        let ready = state.withLock { state -> [Waiter] in
            state.available += permits
            var ready: [Waiter] = []
            while let first = state.waiters.first, first.permits <= state.available {
                state.available -= first.permits
                ready.append(state.waiters.removeFirst())
            }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }
}
