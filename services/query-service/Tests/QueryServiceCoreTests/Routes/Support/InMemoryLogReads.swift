import Foundation
import QueryServiceCore
import Synchronization

/// ``LogReads`` over logs held in memory, for route tests: the same order (`ts`, then `id`, newest
/// first), keyset cursor and filters as the SQL of ``PostgresLogReads``, except `match`, which
/// only PostgreSQL's `@>` evaluates (the integration tests cover it): a `match` query throws.
final class InMemoryLogReads: LogReads {
    private let logs: Mutex<[StoredLog]>

    init(_ logs: [StoredLog] = []) {
        self.logs = Mutex(logs)
    }

    func add(_ more: [StoredLog]) {
        logs.withLock { $0.append(contentsOf: more) }
    }

    struct MatchUnsupported: Error {}

    func page(_ query: LogQuery) async throws -> [StoredLog] {
        guard query.match == nil else { throw MatchUnsupported() }
        let matching = logs.withLock { $0 }.filter { log in
            if let level = query.level, log.level != level { return false }
            if let service = query.service, log.service != service { return false }
            if let from = query.from, log.timestamp < from { return false }
            if let to = query.to, log.timestamp >= to { return false }
            if let contains = query.contains,
                log.message?.range(of: contains, options: [.caseInsensitive, .literal]) == nil
            {
                return false
            }
            if let cursor = query.cursor, !Self.isBelow(log, cursor) { return false }
            return true
        }
        return Array(matching.sorted { Self.isBelow($1, $0.cursor) }.prefix(query.limit + 1))
    }

    func log(id: UUID) async throws -> StoredLog? {
        logs.withLock { $0 }.first { $0.id == id }
    }

    func stats(_ query: LogStatsQuery) async throws -> [LevelCount] {
        let size = query.bucket.microseconds
        var counts: [BucketLevel: Int] = [:]
        for log in logs.withLock({ $0 }) where query.from <= log.timestamp && log.timestamp < query.to {
            let micros = log.timestamp.microsecondsSince1970
            let start = (micros >= 0 ? micros : micros - size + 1) / size * size
            counts[BucketLevel(start: start, level: log.level), default: 0] += 1
        }
        // PostgreSQL's ORDER BY bucket, level: NULL levels last.
        return counts.keys.sorted { a, b in
            if a.start != b.start { return a.start < b.start }
            switch (a.level, b.level) {
            case (let x?, let y?): return x < y
            case (_?, nil): return true
            default: return false
            }
        }.map { LevelCount(bucketStart: LogTime(microsecondsSince1970: $0.start), level: $0.level, count: counts[$0]!) }
    }

    private struct BucketLevel: Hashable {
        let start: Int64
        let level: String?
    }

    /// True when `log` sorts after `cursor`, newest first: strictly below it by `(ts, id)`.
    /// UUIDs compare byte by byte, as PostgreSQL compares them.
    static func isBelow(_ log: StoredLog, _ cursor: LogCursor) -> Bool {
        if log.timestamp != cursor.timestamp { return log.timestamp < cursor.timestamp }
        return log.id.uuidString < cursor.id.uuidString
    }
}

/// ``LogReads`` whose every read waits until it is cancelled: PostgreSQL that never answers.
final class UnansweredLogReads: LogReads {
    private let never: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (never, continuation) = AsyncStream.makeStream()
    }

    private func waitForCancellation() async throws -> Never {
        for await _ in never {}
        throw CancellationError()
    }

    func page(_ query: LogQuery) async throws -> [StoredLog] { try await waitForCancellation() }
    func log(id: UUID) async throws -> StoredLog? { try await waitForCancellation() }
    func stats(_ query: LogStatsQuery) async throws -> [LevelCount] { try await waitForCancellation() }
}
