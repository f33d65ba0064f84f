import Foundation

/// One message on the wire: a payload with the metadata every consumer needs before it reads the payload.
///
/// JSON form: `{"message_id": "…", "payload": {…}, "produced_at": "…", "schema_version": 1, "type": "user.record"}`.
///
/// Guarantees:
/// - `type` is always `Payload.messageType`: decoding a document of another type fails with
///   ``ContractError/Reason/wrongMessageType(expected:found:)`` before anything else is read.
/// - `schemaVersion` is between 1 and `Payload.schemaVersion`: a newer or invalid version fails with
///   ``ContractError/Reason/unsupportedSchemaVersion(messageType:found:supported:)`` rather than being misread.
///   A decoded envelope keeps the version it was written with.
/// - `messageID` identifies the message across redeliveries: consumers store it (or an id from the payload) so that
///   handling the same message twice changes nothing.
/// - `producedAt` is rounded to milliseconds, so an envelope survives an encode and a decode unchanged.
public struct Envelope<Payload: MessagePayload>: Sendable, Equatable {
    /// Unique per message, kept across redeliveries and retries.
    public let messageID: UUID
    /// The schema version the message was written with; `Payload.schemaVersion` for new messages.
    public let schemaVersion: Int
    /// When the producer created the message.
    public let producedAt: Date
    public let payload: Payload

    /// The message type, always `Payload.messageType`.
    public var type: String { Payload.messageType }

    /// A new message at the payload's current schema version.
    public init(payload: Payload, messageID: UUID = UUID(), producedAt: Date = Date()) {
        self.init(payload: payload, messageID: messageID, producedAt: producedAt, schemaVersion: Payload.schemaVersion)
    }

    private init(payload: Payload, messageID: UUID, producedAt: Date, schemaVersion: Int) {
        self.payload = payload
        self.messageID = messageID
        self.producedAt = ContractDateFormat.roundedToMilliseconds(producedAt)
        self.schemaVersion = schemaVersion
    }
}

extension Envelope: Hashable where Payload: Hashable {}

/// The JSON keys of an envelope, shared with ``EnvelopeHeader``.
enum EnvelopeKey: String, CodingKey {
    case messageID = "message_id"
    case type
    case schemaVersion = "schema_version"
    case producedAt = "produced_at"
    case payload
}

extension Envelope: Codable {
    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: EnvelopeKey.self)
        let type: String = try reader.required(.type)
        guard type == Payload.messageType else {
            throw ContractError(
                path: CodingPath.render(decoder.codingPath, appending: EnvelopeKey.type),
                reason: .wrongMessageType(expected: Payload.messageType, found: type)
            )
        }
        let schemaVersion: Int = try reader.required(.schemaVersion)
        guard (1...Payload.schemaVersion).contains(schemaVersion) else {
            throw ContractError(
                path: CodingPath.render(decoder.codingPath, appending: EnvelopeKey.schemaVersion),
                reason: .unsupportedSchemaVersion(
                    messageType: Payload.messageType,
                    found: schemaVersion,
                    supported: Payload.schemaVersion
                )
            )
        }
        let messageID: UUID = try reader.required(.messageID)
        let producedAt: Date = try reader.required(.producedAt)
        let payload = try reader.required(.payload, as: Payload.self, expecting: .object)
        self.init(payload: payload, messageID: messageID, producedAt: producedAt, schemaVersion: schemaVersion)
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: EnvelopeKey.self)
        try writer.encode(messageID, .messageID)
        try writer.encode(type, .type)
        try writer.encode(schemaVersion, .schemaVersion)
        try writer.encode(producedAt, .producedAt)
        try writer.encodeNested(payload, .payload)
    }
}
