/// Waiting for what a consumer under test stores: the rows to arrive, then to stop changing.

/// Polls `rows` until it returns at least `count` elements, and returns them; throws
/// ``PollTimeout`` after `timeout`. A failing read (the table not created yet) counts as no rows.
public func waitForRows<Rows: Collection>(
    count: Int, timeout: Duration = .seconds(30), _ rows: () async throws -> Rows
) async throws -> Rows {
    try await pollUntil("\(count) rows", timeout: timeout) {
        guard let current = try? await rows(), current.count >= count else { return nil }
        return current
    }
}

/// Reads `value` every `interval` until two reads in a row are equal, and returns it: for a
/// consumer that acknowledges right after storing, rows that stopped changing mean it is done.
public func waitUntilStable<Value: Equatable>(
    _ what: String, timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(200),
    _ value: () async throws -> Value
) async throws -> Value {
    var previous = try await value()
    return try await pollUntil("\(what) stable", timeout: timeout, every: interval) {
        let current = try await value()
        defer { previous = current }
        return current == previous ? current : nil
    }
}
