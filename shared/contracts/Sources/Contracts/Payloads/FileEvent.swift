import Foundation

/// A change in the processing of an uploaded file (flow 4: log-worker → Redis channel `file-events` → log-api
/// WebSocket `/notifications/events` and `GET /files/{id}/events`).
///
/// Guarantees: each event is a complete ``FileStatusSnapshot`` (its members flat in the payload, under the names
/// `GET /files/{id}` uses), not a delta, so a subscriber that missed events is right after the next one.
/// `attempt` (the `files.attempts` of the worker's attempt) with the status and progress orders the events of one
/// file (``FileProgressOrder``), across workers and clocks; `occurred_at` is for people.
public struct FileEvent: MessagePayload, Hashable {
    public static let messageType = "file.event"
    public static let schemaVersion = 1

    public let snapshot: FileStatusSnapshot
    /// The processing attempt that made the change: 1 for the first, + 1 each time a worker starts the file again.
    public let attempt: Int
    public let occurredAt: Date

    public init(snapshot: FileStatusSnapshot, attempt: Int, occurredAt: Date) {
        self.snapshot = snapshot
        self.attempt = attempt
        self.occurredAt = ContractDateFormat.roundedToMilliseconds(occurredAt)
    }

    public var fileID: UUID { snapshot.fileID }
    public var status: FileStatus { snapshot.status }
    public var order: FileProgressOrder { FileProgressOrder(snapshot, attempt: attempt) }

    enum CodingKeys: String, CodingKey {
        case attempt
        case occurredAt = "occurred_at"
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(
            snapshot: try FileStatusSnapshot(from: decoder), attempt: try reader.required(.attempt),
            occurredAt: try reader.required(.occurredAt))
    }

    public func encode(to encoder: any Encoder) throws {
        try snapshot.encode(to: encoder)
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(attempt, .attempt)
        try writer.encode(occurredAt, .occurredAt)
    }
}

/// Which of two states of one file is newer, from what both the `files` row and each ``FileEvent`` hold: the
/// attempt, then the status (`queued` < `processing` < final), then the bytes and records read.
///
/// Why this and not a time: a row read from PostgreSQL and an event from Redis must be compared by a reader that
/// saw both, whatever the workers' clocks. Within an attempt a file only moves forward (its progress grows, the
/// final status comes last), and a new attempt has a greater number, so the order is total for the states one
/// file goes through; equal orders are the same state.
public struct FileProgressOrder: Sendable, Hashable, Comparable {
    public let attempt: Int
    public let stage: Int
    public let bytesProcessed: Int64
    public let recordsProcessed: Int64

    public init(_ snapshot: FileStatusSnapshot, attempt: Int) {
        self.attempt = attempt
        self.stage =
            switch snapshot.status {
            case .queued: 0
            case .processing: 1
            case .completed, .completedWithErrors, .failed: 2
            }
        self.bytesProcessed = snapshot.bytesProcessed
        self.recordsProcessed = snapshot.recordsProcessed
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.attempt, lhs.stage, lhs.bytesProcessed, lhs.recordsProcessed)
            < (rhs.attempt, rhs.stage, rhs.bytesProcessed, rhs.recordsProcessed)
    }
}
