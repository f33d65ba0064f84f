import Synchronization

/// A one-shot signal: ``wait()`` returns once ``open()`` was called (before or after). Chains the
/// stores of consecutive batches, so that each starts only after the previous one finished.
final class Turn: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// A turn that is already open: the first batch's predecessor.
    static func opened() -> Turn {
        let turn = Turn()
        turn.open()
        return turn
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }
}
