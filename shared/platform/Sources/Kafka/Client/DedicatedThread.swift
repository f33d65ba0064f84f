import Foundation

/// Runs blocking librdkafka calls on threads of their own, never on the Swift concurrency pool,
/// whose few threads (two on this machine) must stay free for tasks.
enum DedicatedThread {
    /// Starts a long-lived thread, e.g. a poll loop that runs until its client closes.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }

    /// Runs one blocking operation on a new thread and returns its result to the awaiting task.
    static func run<Result: Sendable>(
        name: String, _ body: @escaping @Sendable () throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            start(name: name) { continuation.resume(with: Swift.Result { try body() }) }
        }
    }
}
