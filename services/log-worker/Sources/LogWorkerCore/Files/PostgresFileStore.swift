import Contracts
import Foundation
import Logging
import PostgresNIO

/// ``FileStore`` on `files`, `file_errors` and `logs` (``LogWorkerMigrations`` 3).
///
/// Guarantees: every write of an attempt is fenced by its number (`WHERE attempts = $attempt AND status =
/// 'processing'`), so an attempt that lost the file to a newer one changes nothing; a batch's logs, error rows
/// and progress commit in one transaction; logs and error rows are keyed (`logs.id` from ``FileRecordID``,
/// `file_errors (file_id, record_index)`) and inserted `ON CONFLICT DO NOTHING`, so a new attempt over what an
/// earlier one stored adds nothing.
struct PostgresFileStore: FileStore {
    let client: PostgresClient
    let logger: Logger

    func begin(fileID: UUID) async throws -> FileRun? {
        let rows = try await client.query(
            """
            UPDATE files SET status = 'processing', attempts = attempts + 1, started_at = now(), updated_at = now(),
                bytes_processed = 0, records_processed = 0, records_stored = 0, records_rejected = 0,
                error = NULL, error_line = NULL, error_column = NULL, finished_at = NULL
            WHERE id = \(fileID) AND status IN ('queued', 'processing')
            RETURNING attempts, size_bytes
            """, logger: logger)
        for try await (attempt, size) in rows.decode((Int, Int64).self) {
            return FileRun(fileID: fileID, attempt: attempt, sizeBytes: size)
        }
        return nil
    }

    func commit(_ batch: FileBatch, progress: FileProgress?, of run: FileRun) async throws -> Int {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                if let progress { try await Self.write(progress, of: run, on: connection, logger: logger) }
                let inserted = try await PostgresLogStore.insert(batch.logs, on: connection, logger: logger)
                try await Self.insert(batch.errors, of: run.fileID, on: connection, logger: logger)
                return inserted
            }
        } catch let error as PostgresTransactionError {
            if let superseded = error.closureError as? FileSuperseded { throw superseded }
            throw error
        }
    }

    func insert(_ logs: [IncomingLog]) async throws -> Int {
        try await client.withConnection { connection in
            try await PostgresLogStore.insert(logs, on: connection, logger: logger)
        }
    }

    func finish(_ run: FileRun, with snapshot: FileStatusSnapshot) async throws {
        let final = snapshot.status.isFinal
        let query: PostgresQuery = """
                UPDATE files SET status = \(snapshot.status.rawValue), bytes_processed = \(snapshot.bytesProcessed),
                records_processed = \(snapshot.recordsProcessed), records_stored = \(snapshot.recordsStored),
                records_rejected = \(snapshot.recordsRejected), error = \(snapshot.error),
                error_line = \(snapshot.errorLine), error_column = \(snapshot.errorColumn), updated_at = now(),
                finished_at = CASE WHEN \(final) THEN now() END
            WHERE id = \(run.fileID) AND attempts = \(run.attempt) AND status = 'processing'
            """
        let updated = try await client.withConnection { connection in
            try await connection.query(query, logger: logger).get().metadata.rows
        }
        guard updated == 1 else { throw FileSuperseded(run: run) }
    }

    /// The progress of `run`, first in its transaction: the fence is checked (and the row locked) before
    /// anything is inserted.
    static func write(
        _ progress: FileProgress, of run: FileRun, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let query: PostgresQuery = """
            UPDATE files SET bytes_processed = \(progress.bytesProcessed),
                records_processed = \(progress.recordsProcessed), records_stored = \(progress.recordsStored),
                records_rejected = \(progress.recordsRejected), updated_at = now()
            WHERE id = \(run.fileID) AND attempts = \(run.attempt) AND status = 'processing'
            """
        guard try await connection.query(query, logger: logger).get().metadata.rows == 1 else {
            throw FileSuperseded(run: run)
        }
    }

    static func insert(
        _ errors: [FileRecordError], of fileID: UUID, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !errors.isEmpty else { return }
        let indices = errors.map { Int64($0.place.index) }
        let lines = errors.map { Int32(clamping: $0.place.line) }
        let columns = errors.map { Int32(clamping: $0.place.column) }
        let reasons = errors.map(\.reason)
        try await connection.query(
            """
            INSERT INTO file_errors (file_id, record_index, line_number, column_number, reason)
            SELECT \(fileID), unnest(\(indices)::bigint[]), unnest(\(lines)::integer[]),
                unnest(\(columns)::integer[]), unnest(\(reasons)::text[])
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }
}
