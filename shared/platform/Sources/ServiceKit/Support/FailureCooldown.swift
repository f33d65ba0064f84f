import Synchronization

/// Remembers that a dependency just failed, so callers skip it for a while instead of each waiting
/// for their own timeout: after ``failed()``, ``isCoolingDown`` is true for `period`; the first call
/// after that tries the dependency again (and its failure starts another period).
public final class FailureCooldown: Sendable {
    public let period: Duration
    private let until = Mutex<ContinuousClock.Instant?>(nil)

    public init(period: Duration) {
        self.period = period
    }

    /// True while the last failure is less than `period` ago.
    public var isCoolingDown: Bool {
        until.withLock { until in
            guard let end = until else { return false }
            if ContinuousClock.now < end { return true }
            until = nil
            return false
        }
    }

    public func failed() {
        until.withLock { $0 = ContinuousClock.now.advanced(by: period) }
    }

    public func succeeded() {
        until.withLock { $0 = nil }
    }
}
