import Contracts
import Foundation
import Logging
import PostgresNIO

/// ``FileStore`` on PostgreSQL, through the service's pool. The SQL of each operation is next to it:
/// reads and inserts here, deletes in `PostgresFileStore+Delete.swift`, the sweeper's queries in
/// `PostgresFileStore+Sweep.swift`.
public struct PostgresFileStore: FileStore {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The columns every read of a file selects, in the order ``StoredFile/init(row:)`` reads them.
    /// `created_at` comes as whole microseconds (`extract` is exact numeric): a `Date` could round
    /// it, and the list's cursor must match the row exactly.
    static let columns = """
        id, name, content_type, object_key, size_bytes, sha256, forced, status, bytes_processed,
        records_processed, records_stored, records_rejected, error, error_line, error_column, attempts,
        (extract(epoch FROM created_at) * 1000000)::bigint AS created_us, updated_at, started_at, finished_at
        """

    public func insertQueued(_ file: NewFile) async throws -> FileInsertOutcome {
        // A duplicate found and then deleted before it is read is a race with DELETE: try again.
        for _ in 0..<3 {
            let inserted = try await client.query(
                """
                INSERT INTO files (id, name, content_type, object_key, size_bytes, sha256, forced, status)
                VALUES (\(file.id), \(file.name), \(file.contentType), \(file.objectKey), \(file.sizeBytes),
                        \(file.sha256), \(file.forced), 'queued')
                ON CONFLICT (name, sha256) WHERE NOT forced DO NOTHING
                RETURNING \(unescaped: Self.columns)
                """, logger: logger)
            if let row = try await Self.first(inserted) { return .inserted(row) }
            let existing = try await client.query(
                """
                SELECT \(unescaped: Self.columns) FROM files
                WHERE name = \(file.name) AND sha256 = \(file.sha256) AND NOT forced
                """, logger: logger)
            if let row = try await Self.first(existing) { return .existing(row) }
        }
        throw FileStoreConflict(name: file.name, sha256: file.sha256)
    }

    public func file(id: UUID) async throws -> StoredFile? {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.columns) FROM files WHERE id = \(id)", logger: logger)
        return try await Self.first(rows)
    }

    public func files(ids: [UUID]) async throws -> [StoredFile] {
        guard !ids.isEmpty else { return [] }
        return try await Self.all(
            try await client.query(
                "SELECT \(unescaped: Self.columns) FROM files WHERE id = ANY(\(ids))", logger: logger))
    }

    public func files(
        status: FileStatus?, after position: FileListPosition?, limit: Int
    ) async throws -> [StoredFile] {
        var query: PostgresQuery = "SELECT \(unescaped: Self.columns) FROM files WHERE true"
        if let status {
            query.sql += " AND status = $\(query.binds.count + 1)"
            query.binds.append(status.rawValue)
        }
        if let position {
            query.sql +=
                " AND (created_at, id) < (timestamptz 'epoch' + $\(query.binds.count + 1) * interval '1 microsecond', $\(query.binds.count + 2))"
            query.binds.append(position.createdAtMicroseconds)
            query.binds.append(position.id)
        }
        query.sql += " ORDER BY created_at DESC, id DESC LIMIT $\(query.binds.count + 1)"
        query.binds.append(limit)
        return try await Self.all(try await client.query(query, logger: logger))
    }

    public func errors(fileID: UUID, afterIndex: Int64?, limit: Int) async throws -> [FileRecordError] {
        let rows = try await client.query(
            """
            SELECT record_index, line_number, column_number, reason FROM file_errors
            WHERE file_id = \(fileID) AND record_index > \(afterIndex ?? -1)
            ORDER BY record_index LIMIT \(limit)
            """, logger: logger)
        var errors: [FileRecordError] = []
        for try await (index, line, column, reason) in rows.decode((Int64, Int, Int, String).self) {
            errors.append(FileRecordError(recordIndex: index, line: line, column: column, reason: reason))
        }
        return errors
    }

    static func first(_ rows: PostgresRowSequence) async throws -> StoredFile? {
        for try await row in rows { return try StoredFile(row: row) }
        return nil
    }

    static func all(_ rows: PostgresRowSequence) async throws -> [StoredFile] {
        var files: [StoredFile] = []
        for try await row in rows { files.append(try StoredFile(row: row)) }
        return files
    }
}

/// A row whose `status` is not one of ``FileStatus`` (a newer schema than this code).
struct UnknownFileStatus: Error, CustomStringConvertible {
    let value: String
    var description: String { "files.status holds \"\(value)\", which this version does not know" }
}

/// An insert kept colliding with a row that was gone by the time it was read.
struct FileStoreConflict: Error, CustomStringConvertible {
    let name: String
    let sha256: String
    var description: String { "the upload of \(name) (sha256 \(sha256)) kept colliding with a deleted file" }
}

extension StoredFile {
    /// Reads the columns of ``PostgresFileStore/columns``.
    init(row: PostgresRow) throws {
        // By name: one place that must match the SELECT list, and no 20-element tuple for the type checker.
        let row = row.makeRandomAccess()
        let statusText = try row["status"].decode(String.self)
        guard let status = FileStatus(rawValue: statusText) else {
            throw UnknownFileStatus(value: statusText)
        }
        self.init(
            id: try row["id"].decode(UUID.self),
            name: try row["name"].decode(String.self),
            contentType: try row["content_type"].decode(String.self),
            objectKey: try row["object_key"].decode(String.self),
            sizeBytes: try row["size_bytes"].decode(Int64.self),
            sha256: try row["sha256"].decode(String.self),
            forced: try row["forced"].decode(Bool.self),
            status: status,
            bytesProcessed: try row["bytes_processed"].decode(Int64.self),
            recordsProcessed: try row["records_processed"].decode(Int64.self),
            recordsStored: try row["records_stored"].decode(Int64.self),
            recordsRejected: try row["records_rejected"].decode(Int64.self),
            error: try row["error"].decode(String?.self),
            errorLine: try row["error_line"].decode(Int?.self),
            errorColumn: try row["error_column"].decode(Int?.self),
            attempts: try row["attempts"].decode(Int.self),
            createdAtMicroseconds: try row["created_us"].decode(Int64.self),
            updatedAt: try row["updated_at"].decode(Date.self),
            startedAt: try row["started_at"].decode(Date?.self),
            finishedAt: try row["finished_at"].decode(Date?.self))
    }
}
