import Synchronization

/// `send` calls that found librdkafka's queue full. They wait here, suspended and holding no thread,
/// until the poll thread has served delivery reports (which frees room) and wakes them to try again.
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

    /// Wakes every waiting `send`; called by the poll thread after each poll.
    func wakeAll() {
        let waiters = state.withLock { state -> [Waiter] in
            guard !state.waiters.isEmpty else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume() }
    }
}
