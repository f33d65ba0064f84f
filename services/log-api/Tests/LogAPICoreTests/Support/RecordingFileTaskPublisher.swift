import Contracts
import Synchronization

@testable import LogAPICore

/// A ``FileTaskPublishing`` that confirms every task at once and keeps it, or, once told to fail,
/// throws as RabbitMQFileTaskPublisher does when the broker is down (counting the attempts).
final class RecordingFileTaskPublisher: FileTaskPublishing {
    private struct State {
        var tasks: [FileTask] = []
        var failure: LogPublishError?
        var attempts = 0
    }

    /// Protects the tasks confirmed, the failure to throw and the attempts.
    private let state = Mutex(State())

    func publish(_ task: FileTask, within limit: Duration) async throws(LogPublishError) {
        let failure = state.withLock { state -> LogPublishError? in
            state.attempts += 1
            if state.failure == nil { state.tasks.append(task) }
            return state.failure
        }
        if let failure { throw failure }
    }

    var tasks: [FileTask] { state.withLock { $0.tasks } }
    var attempts: Int { state.withLock { $0.attempts } }
    func fail(_ failure: LogPublishError?) { state.withLock { $0.failure = failure } }
}
