import Foundation

/// An uploaded file waiting to be processed (flow 4: log-api `POST /files` → log-worker).
///
/// Guarantees: published only after the upload is stored at `objectKey` and its `queued` status is committed, so a
/// consumer can always fetch the object. `fileID` is the key of the file's status row; processing the same task
/// twice must leave the same records and status. `sha256` is the lowercase hex digest of the stored bytes and
/// `sizeBytes` their count, for the consumer to verify what it downloads.
public struct FileTask: MessagePayload, Hashable {
    public static let messageType = "file.task"
    public static let schemaVersion = 1

    public let fileID: UUID
    /// Where the upload is stored in the object store (bucket-relative key).
    public let objectKey: String
    /// The name the client gave the file.
    public let fileName: String
    /// The media type the client declared, such as `application/json`.
    public let contentType: String
    public let sizeBytes: Int64
    public let sha256: String
    public let uploadedAt: Date

    public init(
        fileID: UUID,
        objectKey: String,
        fileName: String,
        contentType: String,
        sizeBytes: Int64,
        sha256: String,
        uploadedAt: Date
    ) {
        self.fileID = fileID
        self.objectKey = objectKey
        self.fileName = fileName
        self.contentType = contentType
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
        self.uploadedAt = ContractDateFormat.roundedToMilliseconds(uploadedAt)
    }

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case objectKey = "object_key"
        case fileName = "file_name"
        case contentType = "content_type"
        case sizeBytes = "size_bytes"
        case sha256
        case uploadedAt = "uploaded_at"
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(
            fileID: try reader.required(.fileID),
            objectKey: try reader.required(.objectKey),
            fileName: try reader.required(.fileName),
            contentType: try reader.required(.contentType),
            sizeBytes: try reader.required(.sizeBytes),
            sha256: try reader.required(.sha256),
            uploadedAt: try reader.required(.uploadedAt)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(fileID, .fileID)
        try writer.encode(objectKey, .objectKey)
        try writer.encode(fileName, .fileName)
        try writer.encode(contentType, .contentType)
        try writer.encode(sizeBytes, .sizeBytes)
        try writer.encode(sha256, .sha256)
        try writer.encode(uploadedAt, .uploadedAt)
    }
}
