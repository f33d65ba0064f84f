/// Retries an operation with exponential backoff until it succeeds or `deadline` passes; then the
/// last error is thrown. Used for start-up steps that wait for a dependency to come up.
public func retryWithBackoff<T: Sendable>(
    deadline: Duration, initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5),
    onRetry: (any Error, Duration) -> Void = { _, _ in },
    _ operation: () async throws -> T
) async throws -> T {
    let clock = ContinuousClock()
    let giveUpAt = clock.now.advanced(by: deadline)
    var delay = initialDelay
    while true {
        do {
            return try await operation()
        } catch {
            guard clock.now.advanced(by: delay) < giveUpAt, !Task.isCancelled else { throw error }
            onRetry(error, delay)
            try await Task.sleep(for: delay)
            delay = min(delay * 2, maximumDelay)
        }
    }
}
