import Foundation

/// One log entry accepted over HTTP or read from an uploaded file (flows 2 and 4: log-api → log-worker).
///
/// Guarantees: `id` is assigned once, when the entry is accepted, and is the key the worker inserts on
/// (`ON CONFLICT (id) DO NOTHING`), so a redelivered record is stored once. `data` holds every other member of the
/// client's object exactly as sent (numbers, nesting and nulls included); nothing the client sent is dropped.
/// Dates are rounded to milliseconds.
public struct LogRecord: MessagePayload, Hashable {
    public static let messageType = "log.record"
    public static let schemaVersion = 1

    /// The members of a client's log object that have their own fields; everything else goes to ``data``.
    public static let clientFieldNames: Set<String> = ["level", "message", "service", "timestamp"]

    public let id: UUID
    /// When the service accepted the entry.
    public let receivedAt: Date
    public let level: String?
    public let message: String?
    public let service: String?
    /// When the client says the event happened.
    public let timestamp: Date?
    /// The rest of the client's object, kept as is. Absent or `null` on the wire reads as empty.
    public let data: [String: JSONValue]

    public init(
        id: UUID,
        receivedAt: Date,
        level: String? = nil,
        message: String? = nil,
        service: String? = nil,
        timestamp: Date? = nil,
        data: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.receivedAt = ContractDateFormat.roundedToMilliseconds(receivedAt)
        self.level = level
        self.message = message
        self.service = service
        self.timestamp = timestamp.map(ContractDateFormat.roundedToMilliseconds)
        self.data = data
    }

    /// The record for one log object as a client sent it: `level`, `message` and `service` must be strings and
    /// `timestamp` an ISO 8601 date-time string when present (`null` counts as absent); every other member goes to
    /// ``data`` unchanged.
    ///
    /// - Throws: ``ContractError`` naming the member (path relative to the object, such as `timestamp`) when a
    ///   known member has the wrong kind or an invalid date.
    public init(clientObject: [String: JSONValue], id: UUID = UUID(), receivedAt: Date = Date()) throws(ContractError) {
        func text(_ name: String, expecting expectation: FieldExpectation = .string) throws(ContractError) -> String? {
            switch clientObject[name] {
            case nil, .null?:
                return nil
            case .string(let string)?:
                return string
            case let other?:
                throw ContractError(
                    path: name,
                    reason: .unexpectedValue(
                        expected: expectation.phrase,
                        found: FoundValue.describe(other, expected: expectation.kind)
                    )
                )
            }
        }
        var timestamp: Date?
        if let raw = try text("timestamp", expecting: .dateTime) {
            guard let date = ContractDateFormat.date(from: raw) else {
                throw ContractError(
                    path: "timestamp",
                    reason: .unexpectedValue(expected: FieldExpectation.dateTime.phrase, found: JSONExcerpt.quoted(raw))
                )
            }
            timestamp = date
        }
        self.init(
            id: id,
            receivedAt: receivedAt,
            level: try text("level"),
            message: try text("message"),
            service: try text("service"),
            timestamp: timestamp,
            data: clientObject.filter { !Self.clientFieldNames.contains($0.key) }
        )
    }

    enum CodingKeys: String, CodingKey {
        case id
        case receivedAt = "received_at"
        case level
        case message
        case service
        case timestamp
        case data
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(
            id: try reader.required(.id),
            receivedAt: try reader.required(.receivedAt),
            level: try reader.optional(.level),
            message: try reader.optional(.message),
            service: try reader.optional(.service),
            timestamp: try reader.optional(.timestamp),
            data: try reader.optional(.data) ?? [:]
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(id, .id)
        try writer.encode(receivedAt, .receivedAt)
        try writer.encode(level, .level)
        try writer.encode(message, .message)
        try writer.encode(service, .service)
        try writer.encode(timestamp, .timestamp)
        try writer.encode(data, .data)
    }
}
