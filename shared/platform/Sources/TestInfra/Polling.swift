/// Waiting in tests without fixed sleeps: poll a condition with a deadline, and stop the moment
/// it holds.

/// The condition did not hold within its time limit.
public struct PollTimeout: Error, CustomStringConvertible {
    public let what: String
    public let limit: Duration
    public var description: String { "not within \(limit): \(what)" }
}

/// Calls `check` every `interval` until it returns a value, and returns that value; throws
/// ``PollTimeout`` naming `what` when `timeout` passes first.
public func pollUntil<T>(
    _ what: String, timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(20),
    _ check: () async throws -> T?
) async throws -> T {
    let clock = ContinuousClock()
    let giveUpAt = clock.now.advanced(by: timeout)
    while clock.now < giveUpAt {
        if let value = try await check() { return value }
        try await Task.sleep(for: interval)
    }
    if let value = try await check() { return value }
    throw PollTimeout(what: what, limit: timeout)
}

/// Polls `condition` every `interval` until it holds or `deadline` passes; returns whether it held.
public func eventually(
    within deadline: Duration, every interval: Duration = .milliseconds(20), _ condition: () async throws -> Bool
) async throws -> Bool {
    do {
        return try await pollUntil("condition", timeout: deadline, every: interval) {
            try await condition() ? true : nil
        }
    } catch is PollTimeout {
        return false
    }
}
