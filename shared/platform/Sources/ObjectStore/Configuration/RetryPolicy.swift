/// How often and how patiently a request is tried again after a failure that may pass: an answer
/// 5xx or 429 (or S3's `RequestTimeout`, `SlowDown`, `InternalError`), and, for requests that may
/// safely run twice, a connection error.
///
/// The wait before try `n + 1` is "full jitter" exponential backoff: a random duration between zero
/// and `min(maximumDelay, initialDelay × 2^(n-1))`, so clients that failed together do not come
/// back together.
public struct RetryPolicy: Sendable, Equatable {
    /// Tries of one request, the first included; 1 never retries.
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maximumDelay: Duration

    public init(maxAttempts: Int = 4, initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5))
    {
        precondition(maxAttempts >= 1, "a request is tried at least once")
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The longest wait after failed try number `attempt` (1-based).
    public func delayCeiling(afterAttempt attempt: Int) -> Duration {
        var ceiling = initialDelay
        for _ in 1..<max(attempt, 1) {
            ceiling *= 2
            if ceiling >= maximumDelay { return maximumDelay }
        }
        return min(ceiling, maximumDelay)
    }

    /// The wait after failed try number `attempt`: uniformly random up to ``delayCeiling(afterAttempt:)``.
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = delayCeiling(afterAttempt: attempt)
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        guard nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...nanoseconds, using: &generator))
    }

    public func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }
}
