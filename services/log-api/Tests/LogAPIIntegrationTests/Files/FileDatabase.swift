import Foundation
import LogWorkerCore
import Logging
import PostgresNIO
import ServiceKit
import TestInfra

@testable import LogAPICore

/// A database of the test's own with log-worker's schema (`files`, `file_errors`, `logs`), as
/// log-worker leaves it at its start, and a pool on it.
enum FileDatabase {
    static func with<T: Sendable>(
        _ body: @Sendable (PostgresConfig, PostgresClient) async throws -> T
    ) async throws -> T {
        let servers = try await TestServers.shared()
        return try await TestDatabase.with(servers) { database in
            try await withPostgresClient(database) { client in
                var logger = Logger(label: "log-api-itest-db")
                logger.logLevel = .warning
                _ = try await MigrationRunner(
                    service: "log-worker", migrations: LogWorkerMigrations.all, client: client, logger: logger
                ).run()
                return try await body(database, client)
            }
        }
    }

    static var logger: Logger {
        var logger = Logger(label: "log-api-itest")
        logger.logLevel = .warning
        return logger
    }

    /// What log-worker does to a file's row, for reads to show: its status and counts, its errors, its logs.
    static func process(
        _ id: UUID, status: String, stored: Int, rejected: [FileRecordError], client: PostgresClient
    ) async throws {
        let processed = stored + rejected.count
        try await client.query(
            """
            UPDATE files SET status = \(status), records_processed = \(processed), records_stored = \(stored),
                records_rejected = \(rejected.count), bytes_processed = size_bytes, started_at = now(),
                finished_at = now(), updated_at = now(), attempts = 1
            WHERE id = \(id)
            """, logger: logger)
        for error in rejected {
            try await client.query(
                """
                INSERT INTO file_errors (file_id, record_index, line_number, column_number, reason)
                VALUES (\(id), \(error.recordIndex), \(error.line), \(error.column), \(error.reason))
                """, logger: logger)
        }
        if stored > 0 {
            try await client.query(
                """
                INSERT INTO logs (id, received_at, ts, message, file_id)
                SELECT gen_random_uuid(), now(), now(), 'record ' || n, \(id) FROM generate_series(1, \(stored)) AS n
                """, logger: logger)
        }
    }

    static func count(_ sql: String, client: PostgresClient) async throws -> Int {
        let rows = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await value in rows.decode(Int64.self) { return Int(value) }
        return 0
    }
}
