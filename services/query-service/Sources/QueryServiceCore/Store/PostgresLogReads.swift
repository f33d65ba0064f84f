import Foundation
import Logging
import PostgresNIO

/// ``LogReads`` on log-worker's `logs` table (see `LogWorkerMigrations`), through the
/// service's pool. Reads only.
public struct PostgresLogReads: LogReads {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func page(_ query: LogQuery) async throws -> [StoredLog] {
        try await logs(LogSQL.page(query))
    }

    public func log(id: UUID) async throws -> StoredLog? {
        try await logs(LogSQL.log(id: id)).first
    }

    public func stats(_ query: LogStatsQuery) async throws -> [LevelCount] {
        let rows = try await client.query(LogSQL.stats(query), logger: logger)
        var counts: [LevelCount] = []
        for try await (start, level, count) in rows.decode((LogTime, String?, Int).self) {
            counts.append(LevelCount(bucketStart: start, level: level, count: count))
        }
        return counts
    }

    private func logs(_ query: PostgresQuery) async throws -> [StoredLog] {
        let rows = try await client.query(query, logger: logger)
        var logs: [StoredLog] = []
        for try await (id, receivedAt, timestamp, level, service, message, data) in rows.decode(
            (UUID, LogTime, LogTime, String?, String?, String?, RawJSON).self)
        {
            logs.append(
                StoredLog(
                    id: id, receivedAt: receivedAt, timestamp: timestamp, level: level, service: service,
                    message: message, data: data))
        }
        return logs
    }
}
