import Synchronization

/// The operation did not finish within its time limit; it may still finish later.
struct DeadlineExceeded: Error {
    let limit: Duration
}

/// Runs `operation` in a task of its own and returns its result, or throws ``DeadlineExceeded`` as
/// soon as `limit` passes, without waiting for the operation: it is cancelled and left to finish by
/// itself. (ServiceKit's `withTimeout` waits for its child task, so it cannot bound an operation
/// that ignores cancellation, such as waiting for a broker's confirm.) Cancelling the caller
/// throws `CancellationError` at once in the same way.
func withDeadline<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = FirstOutcome<T>()
    let work = Task {
        do {
            outcome.resolve(.success(try await operation()))
        } catch {
            outcome.resolve(.failure(error))
        }
    }
    let timer = Task {
        try? await Task.sleep(for: limit)
        outcome.resolve(.failure(DeadlineExceeded(limit: limit)))
    }
    defer { timer.cancel() }
    do {
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            outcome.resolve(.failure(CancellationError()))
        }
    } catch {
        work.cancel()
        throw error
    }
}

/// The first of several results that race, handed to one waiter.
private final class FirstOutcome<T: Sendable>: Sendable {
    private enum State {
        case pending(waiter: CheckedContinuation<T, any Error>?)
        case settled(Result<T, any Error>)
    }

    /// Protects whether a result arrived and the waiter to resume with it.
    private let state = Mutex(State.pending(waiter: nil))

    /// Records `result` if it is the first; later ones are ignored.
    func resolve(_ result: Result<T, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard case .pending(let waiter) = state else { return nil }
            state = .settled(result)
            return waiter
        }
        waiter?.resume(with: result)
    }

    /// The first result, once there is one.
    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let settled = state.withLock { state -> Result<T, any Error>? in
                switch state {
                case .pending:
                    state = .pending(waiter: continuation)
                    return nil
                case .settled(let result):
                    return result
                }
            }
            if let settled { continuation.resume(with: settled) }
        }
    }
}
