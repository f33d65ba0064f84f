import Foundation

/// A change in the processing status of an uploaded file (flow 4: log-worker → Redis channel `file-events` →
/// log-api WebSocket `/notifications/events`).
///
/// Guarantees: each event is a complete snapshot of the file's status, not a delta, so a subscriber that missed
/// events is correct after the next one. `occurredAt` orders the events of one file. `error` is set only when
/// `status` is ``FileStatus/failed``; `totalRecords` is `nil` until the file has been parsed.
public struct FileEvent: MessagePayload, Hashable {
    public static let messageType = "file.event"
    public static let schemaVersion = 1

    public let fileID: UUID
    public let status: FileStatus
    /// Records stored so far.
    public let processedRecords: Int
    /// Records in the file, once known.
    public let totalRecords: Int?
    /// Why processing failed, in words fit to show the uploader.
    public let error: String?
    public let occurredAt: Date

    public init(
        fileID: UUID,
        status: FileStatus,
        processedRecords: Int,
        totalRecords: Int? = nil,
        error: String? = nil,
        occurredAt: Date
    ) {
        self.fileID = fileID
        self.status = status
        self.processedRecords = processedRecords
        self.totalRecords = totalRecords
        self.error = error
        self.occurredAt = ContractDateFormat.roundedToMilliseconds(occurredAt)
    }

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case status
        case processedRecords = "processed_records"
        case totalRecords = "total_records"
        case error
        case occurredAt = "occurred_at"
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(
            fileID: try reader.required(.fileID),
            status: try reader.required(.status),
            processedRecords: try reader.required(.processedRecords),
            totalRecords: try reader.optional(.totalRecords),
            error: try reader.optional(.error),
            occurredAt: try reader.required(.occurredAt)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(fileID, .fileID)
        try writer.encode(status, .status)
        try writer.encode(processedRecords, .processedRecords)
        try writer.encode(totalRecords, .totalRecords)
        try writer.encode(error, .error)
        try writer.encode(occurredAt, .occurredAt)
    }
}

/// Where an uploaded file is in its processing. The raw values are the wire values and the values stored in the
/// status table.
///
/// Guarantees: a file moves only forward, `queued` → `processing` → `completed` or `failed`; the last two are final.
public enum FileStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case queued
    case processing
    case completed
    case failed

    /// `true` for `completed` and `failed`, after which the status never changes.
    public var isFinal: Bool {
        self == .completed || self == .failed
    }
}

extension FileStatus: FieldValue {
    static var expectation: FieldExpectation {
        let values = allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        return FieldExpectation(phrase: "one of \(values)", kind: .string)
    }
}
