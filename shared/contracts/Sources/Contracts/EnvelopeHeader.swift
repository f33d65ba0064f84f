import Foundation

/// The metadata of any ``Envelope``, read without its payload.
///
/// Use it to route a message by `type`, or to name the message (`messageID`) in a dead-letter reason when its
/// payload cannot be read. Decoding checks only that the four fields are present and well formed; it accepts any
/// type and version, and ignores the payload.
public struct EnvelopeHeader: Sendable, Hashable, Decodable {
    public let messageID: UUID
    public let type: String
    public let schemaVersion: Int
    public let producedAt: Date

    public init(messageID: UUID, type: String, schemaVersion: Int, producedAt: Date) {
        self.messageID = messageID
        self.type = type
        self.schemaVersion = schemaVersion
        self.producedAt = ContractDateFormat.roundedToMilliseconds(producedAt)
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: EnvelopeKey.self)
        self.init(
            messageID: try reader.required(.messageID),
            type: try reader.required(.type),
            schemaVersion: try reader.required(.schemaVersion),
            producedAt: try reader.required(.producedAt)
        )
    }
}
