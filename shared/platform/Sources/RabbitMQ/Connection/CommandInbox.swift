import Synchronization

/// The meeting point of callers (any task or thread) and the connection thread: commands queued
/// for the thread, the shutdown request, the connection's status, and the thread's exit.
final class CommandInbox: Sendable {
    enum ShutdownMode: Comparable, Sendable {
        /// Stop consuming, wait (bounded) for confirms and acks, then close.
        case graceful
        /// Close now; what is unconfirmed fails, what is unacked is redelivered by the broker.
        case immediate
    }

    enum Status: Sendable {
        case connecting
        case connected
        case disconnected(RabbitMQError)
        case closed
    }

    private struct State {
        var commands: [ConnectionCommand] = []
        /// A wakeup was signalled and the thread has not taken the commands since.
        var wakeupPending = false
        var shutdown: ShutdownMode?
        /// `publish` calls admitted and not yet returned (waiting for a permit, a connection or
        /// confirms): a graceful shutdown waits for every one of them.
        var publishCalls = 0
        var status: Status = .connecting
        /// Set when the thread stops; nothing is accepted after that.
        var closed = false
        /// Set when the thread exited.
        var exit: Result<Void, RabbitMQError>?
        var exitWaiter: CheckedContinuation<Void, any Error>?
    }

    /// Protects the command queue, the shutdown request, the status and the exit result.
    private let state = Mutex(State())
    let wakeup = WakeupSignal()

    /// Queues a command for the thread and wakes it. False once the thread is stopping.
    func enqueue(_ command: ConnectionCommand) -> Bool {
        let (accepted, signal) = state.withLock { state -> (Bool, Bool) in
            guard !state.closed else { return (false, false) }
            state.commands.append(command)
            let signal = !state.wakeupPending
            state.wakeupPending = true
            return (true, signal)
        }
        if signal { wakeup.signal() }
        return accepted
    }

    /// The thread takes every queued command. It resets the eventfd before (never after) taking
    /// them, so a command queued in between leaves the eventfd readable and is not slept on.
    /// Once an immediate shutdown is requested it takes none: a command queued after that request
    /// (an ack racing the process's end) is refused by ``close()``, never carried out.
    func takeCommands() -> [ConnectionCommand] {
        state.withLock { state in
            state.wakeupPending = false
            guard state.shutdown != .immediate, !state.commands.isEmpty else { return [] }
            return state.commands.take()
        }
    }

    /// Admits a `publish` call, or refuses it (false) once a shutdown was requested. Admission and
    /// the shutdown request take the same lock, so a call is either counted before the connection
    /// thread sees the shutdown (and the thread then waits until the call returns) or refused
    /// whole: a shutdown never cuts a batch in the middle.
    func admitPublishCall() -> Bool {
        state.withLock { state in
            guard state.shutdown == nil, !state.closed else { return false }
            state.publishCalls += 1
            return true
        }
    }

    /// An admitted `publish` call returned; during a shutdown the thread is woken to notice.
    func publishCallReturned() {
        let shuttingDown = state.withLock { state in
            state.publishCalls -= 1
            return state.shutdown != nil
        }
        if shuttingDown { wakeup.signal() }
    }

    /// `publish` calls admitted and not yet returned.
    var activePublishCalls: Int { state.withLock { $0.publishCalls } }

    func requestShutdown(_ mode: ShutdownMode) {
        state.withLock { state in state.shutdown = max(state.shutdown ?? mode, mode) }
        wakeup.signal()
    }

    var shutdownMode: ShutdownMode? { state.withLock { $0.shutdown } }

    var status: Status {
        get { state.withLock { $0.status } }
        set { state.withLock { $0.status = newValue } }
    }

    /// The thread is stopping: refuses further commands and hands back those still queued, to
    /// be failed.
    func close() -> [ConnectionCommand] {
        state.withLock { state in
            state.closed = true
            state.status = .closed
            return state.commands.take()
        }
    }

    /// The thread has exited: resumes whoever waits in ``waitForExit()``.
    func markExited(_ result: Result<Void, RabbitMQError>) {
        let waiter = state.withLock { state in
            state.closed = true
            state.exit = result
            let waiter = state.exitWaiter
            state.exitWaiter = nil
            return waiter
        }
        waiter?.resume(with: result.mapError { $0 })
    }

    /// Returns when the thread has exited; throws the fatal error it stopped with, if any.
    func waitForExit() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let exit = state.withLock { state -> Result<Void, RabbitMQError>? in
                if state.exit == nil { state.exitWaiter = continuation }
                return state.exit
            }
            if let exit { continuation.resume(with: exit.mapError { $0 }) }
        }
    }
}

extension Array {
    /// Moves the elements out, leaving the array empty.
    fileprivate mutating func take() -> [Element] {
        var taken: [Element] = []
        swap(&taken, &self)
        return taken
    }
}
