import Synchronization

/// `send` calls that found librdkafka's queue full. They wait here, suspended and holding no thread,
/// until the poll thread has served delivery reports (which frees room) and wakes as many of them,
/// oldest first, as places were freed, to try again.
final class QueueSpaceWaiters: Sendable {
    private struct Waiter {
        let id: UInt
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var nextID: UInt = 0
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())

    /// Suspends until the next ``wakeAll()`` or until the task is cancelled.
    func wait() async {
        let id = state.withLock { state -> UInt in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let alreadyCancelled = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if alreadyCancelled { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume()
        }
    }

    /// Wakes the `count` longest-waiting sends: called by the poll thread with the number of
    /// places delivery reports freed.
    func wake(upTo count: Int) {
        guard count > 0 else { return }
        let waiters = state.withLock { state -> ArraySlice<Waiter> in
            guard !state.waiters.isEmpty else { return [] }
            let woken = state.waiters.prefix(count)
            state.waiters.removeFirst(woken.count)
            return woken
        }
        for waiter in waiters { waiter.continuation.resume() }
    }

    /// Wakes every waiting send: when the producer closes, and when a poll found nothing to do
    /// (then a send that registered just after room was freed does not wait for the next report).
    func wakeAll() {
        wake(upTo: Int.max)
    }
}
