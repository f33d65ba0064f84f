import Foundation

/// Where query-service reads logs from. Every method is one statement against log-worker's table.
public protocol LogReads: Sendable {
    /// Up to `query.limit + 1` logs matching `query`, newest first by `(ts, id)`; an extra row means
    /// there is a next page.
    func page(_ query: LogQuery) async throws -> [StoredLog]
    /// The log with `id`, or nil.
    func log(id: UUID) async throws -> StoredLog?
    /// Counts per bucket start and level (nil for logs without one), ordered by bucket.
    func stats(_ query: LogStatsQuery) async throws -> [LevelCount]
}

/// How many logs of one level one bucket holds.
public struct LevelCount: Sendable, Hashable {
    public let bucketStart: LogTime
    public let level: String?
    public let count: Int

    public init(bucketStart: LogTime, level: String?, count: Int) {
        self.bucketStart = bucketStart
        self.level = level
        self.count = count
    }
}
