import Foundation

/// Everything about an uploaded file's processing at one moment: what `GET /files/{id}` answers (log-api adds
/// the name, digest, times and first errors) and what each ``FileEvent`` carries, under the same JSON names.
///
/// Guarantees: a complete snapshot, never a delta, so a reader that missed some is right after the next one.
/// While `processing`, the counts are progress since the current attempt started (a new attempt starts again
/// from 0); once final they are exact. `records_processed` = `records_stored` + `records_rejected`.
/// `error` is set only when `failed`; `error_line` and `error_column` (1-based) when the failure has a place.
public struct FileStatusSnapshot: Sendable, Hashable, Codable {
    public let fileID: UUID
    public let status: FileStatus
    /// The size of the upload.
    public let sizeBytes: Int64
    /// Bytes of the upload read so far.
    public let bytesProcessed: Int64
    /// Records read so far, stored or rejected.
    public let recordsProcessed: Int64
    public let recordsStored: Int64
    public let recordsRejected: Int64
    /// Why processing failed, in words fit to show the uploader.
    public let error: String?
    public let errorLine: Int?
    public let errorColumn: Int?

    public init(
        fileID: UUID, status: FileStatus, sizeBytes: Int64, bytesProcessed: Int64 = 0, recordsProcessed: Int64 = 0,
        recordsStored: Int64 = 0, recordsRejected: Int64 = 0, error: String? = nil, errorLine: Int? = nil,
        errorColumn: Int? = nil
    ) {
        self.fileID = fileID
        self.status = status
        self.sizeBytes = sizeBytes
        self.bytesProcessed = bytesProcessed
        self.recordsProcessed = recordsProcessed
        self.recordsStored = recordsStored
        self.recordsRejected = recordsRejected
        self.error = error
        self.errorLine = errorLine
        self.errorColumn = errorColumn
    }

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case status
        case sizeBytes = "size_bytes"
        case bytesProcessed = "bytes_processed"
        case recordsProcessed = "records_processed"
        case recordsStored = "records_stored"
        case recordsRejected = "records_rejected"
        case error
        case errorLine = "error_line"
        case errorColumn = "error_column"
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(
            fileID: try reader.required(.fileID),
            status: try reader.required(.status),
            sizeBytes: try reader.required(.sizeBytes),
            bytesProcessed: try reader.required(.bytesProcessed),
            recordsProcessed: try reader.required(.recordsProcessed),
            recordsStored: try reader.required(.recordsStored),
            recordsRejected: try reader.required(.recordsRejected),
            error: try reader.optional(.error),
            errorLine: try reader.optional(.errorLine),
            errorColumn: try reader.optional(.errorColumn)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(fileID, .fileID)
        try writer.encode(status, .status)
        try writer.encode(sizeBytes, .sizeBytes)
        try writer.encode(bytesProcessed, .bytesProcessed)
        try writer.encode(recordsProcessed, .recordsProcessed)
        try writer.encode(recordsStored, .recordsStored)
        try writer.encode(recordsRejected, .recordsRejected)
        try writer.encode(error, .error)
        try writer.encode(errorLine, .errorLine)
        try writer.encode(errorColumn, .errorColumn)
    }

    /// Writes the snapshot's members, without braces, keys in sorted order (`"bytes_processed":…,…,"status":…`),
    /// for an answer that adds members of its own around them: the bytes `ContractCoding` writes for them.
    public func writeMembers(into writer: inout JSONWriter) {
        writer.raw("\"bytes_processed\":")
        writer.integer(bytesProcessed)
        writer.raw(",\"error\":")
        writer.string(error)
        writer.raw(",\"error_column\":")
        writer.integer(errorColumn)
        writer.raw(",\"error_line\":")
        writer.integer(errorLine)
        writer.raw(",\"file_id\":")
        writer.uuid(fileID)
        writer.raw(",\"records_processed\":")
        writer.integer(recordsProcessed)
        writer.raw(",\"records_rejected\":")
        writer.integer(recordsRejected)
        writer.raw(",\"records_stored\":")
        writer.integer(recordsStored)
        writer.raw(",\"size_bytes\":")
        writer.integer(sizeBytes)
        writer.raw(",\"status\":")
        writer.string(status.rawValue)
    }
}
