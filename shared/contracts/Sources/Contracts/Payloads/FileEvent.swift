import Foundation

/// A change in the processing of an uploaded file (flow 4: log-worker → Redis channel `file-events` → log-api
/// WebSocket `/notifications/events` and `GET /files/{id}/events`).
///
/// Guarantees: each event is a complete ``FileStatusSnapshot`` (its members flat in the payload, under the names
/// `GET /files/{id}` uses), not a delta, so a subscriber that missed events is right after the next one.
/// `occurred_at` orders the events of one file.
public struct FileEvent: MessagePayload, Hashable {
    public static let messageType = "file.event"
    public static let schemaVersion = 1

    public let snapshot: FileStatusSnapshot
    public let occurredAt: Date

    public init(snapshot: FileStatusSnapshot, occurredAt: Date) {
        self.snapshot = snapshot
        self.occurredAt = ContractDateFormat.roundedToMilliseconds(occurredAt)
    }

    public var fileID: UUID { snapshot.fileID }
    public var status: FileStatus { snapshot.status }

    enum CodingKeys: String, CodingKey {
        case occurredAt = "occurred_at"
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(snapshot: try FileStatusSnapshot(from: decoder), occurredAt: try reader.required(.occurredAt))
    }

    public func encode(to encoder: any Encoder) throws {
        try snapshot.encode(to: encoder)
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(occurredAt, .occurredAt)
    }
}
