import Contracts
import Foundation

/// One row of `files`, as log-api reads it.
public struct StoredFile: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var contentType: String
    public var objectKey: String
    public var sizeBytes: Int64
    public var sha256: String
    public var forced: Bool
    public var status: FileStatus
    public var bytesProcessed: Int64
    public var recordsProcessed: Int64
    public var recordsStored: Int64
    public var recordsRejected: Int64
    public var error: String?
    public var errorLine: Int?
    public var errorColumn: Int?
    public var attempts: Int
    /// Microseconds since 1970, exactly as PostgreSQL holds it: the list's keyset cursor.
    public var createdAtMicroseconds: Int64
    public var updatedAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public var createdAt: Date { Date(timeIntervalSince1970: Double(createdAtMicroseconds) / 1_000_000) }

    /// The file's status as log-worker's events carry it.
    public var snapshot: FileStatusSnapshot {
        FileStatusSnapshot(
            fileID: id, status: status, sizeBytes: sizeBytes, bytesProcessed: bytesProcessed,
            recordsProcessed: recordsProcessed, recordsStored: recordsStored, recordsRejected: recordsRejected,
            error: error, errorLine: errorLine, errorColumn: errorColumn)
    }
}

/// What `POST /files` records about a stored upload.
public struct NewFile: Sendable, Hashable {
    public var id: UUID
    public var name: String
    public var contentType: String
    public var objectKey: String
    public var sizeBytes: Int64
    public var sha256: String
    /// `?force=true`: exempt from the (name, sha256) uniqueness, always a new file.
    public var forced: Bool

    public init(
        id: UUID, name: String, contentType: String, objectKey: String, sizeBytes: Int64, sha256: String, forced: Bool
    ) {
        self.id = id
        self.name = name
        self.contentType = contentType
        self.objectKey = objectKey
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
        self.forced = forced
    }
}

/// One rejected record of a file (`file_errors`).
public struct FileRecordError: Sendable, Hashable {
    /// 0-based position of the record in the file.
    public var recordIndex: Int64
    /// 1-based.
    public var line: Int
    /// 1-based.
    public var column: Int
    public var reason: String

    public init(recordIndex: Int64, line: Int, column: Int, reason: String) {
        self.recordIndex = recordIndex
        self.line = line
        self.column = column
        self.reason = reason
    }
}

/// Where a page of `GET /files` starts: the (created_at, id) of the last file of the page before.
public struct FileListPosition: Sendable, Hashable {
    public var createdAtMicroseconds: Int64
    public var id: UUID

    public init(createdAtMicroseconds: Int64, id: UUID) {
        self.createdAtMicroseconds = createdAtMicroseconds
        self.id = id
    }
}
