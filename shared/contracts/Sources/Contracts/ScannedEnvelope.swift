import Foundation

/// An ``Envelope`` read in place by a ``JSONReader``: its metadata, and a reader standing at its
/// payload object, for the consumers' typed message readers (log-worker's logs, user-consumer's
/// users), which read the payload's fields straight from the message bytes instead of through
/// `JSONDecoder`.
///
/// Guarantees (those of ``JSONReader/readEnvelope()``): it holds only what ``ContractCoding`` would
/// accept as the envelope of some payload at schema version 1: `type`, `schema_version`,
/// `message_id` and `produced_at` present once each and well formed, `payload` an object, unknown
/// keys valid JSON, nothing after the document. It borrows the bytes of the reader it came from.
public struct ScannedEnvelope {
    public let type: String
    public let messageID: UUID
    public let producedAt: Date
    /// A reader standing at the payload's `{`, its syntax already checked.
    public var payload: JSONReader
}

extension JSONReader {
    /// The envelope of the whole document, or a ``JSONSyntaxError`` for anything else (a repeated
    /// key, a value of another kind, a schema version other than 1, text that is not JSON): the
    /// caller then decodes with ``ContractCoding``, whose error names the field or the position.
    ///
    /// Keys come in any order (the contracts' encoder writes `payload` before `type`), so the payload
    /// is checked when met and handed back as a reader positioned at it.
    public mutating func readEnvelope() throws(JSONSyntaxError) -> ScannedEnvelope {
        var type: String?
        var schemaVersion: Int64?
        var messageID: UUID?
        var producedAt: Date?
        var payload: JSONReader?
        try beginObject()
        var first = true
        while let key = try nextMember(&first) {
            switch key {
            case "type":
                guard type == nil else { throw notTheContract() }
                type = try readString()
            case "schema_version":
                guard schemaVersion == nil else { throw notTheContract() }
                schemaVersion = try readInteger()
            case "message_id":
                guard messageID == nil else { throw notTheContract() }
                messageID = try readUUID()
            case "produced_at":
                guard producedAt == nil else { throw notTheContract() }
                producedAt = try readContractDate()
            case "payload":
                guard payload == nil, peek() == UInt8(ascii: "{") else { throw notTheContract() }
                payload = self
                try skipValue()
            default:
                try skipValue()
            }
        }
        guard isAtEnd(), schemaVersion == 1, let type, let messageID, let producedAt, let payload else {
            throw notTheContract()
        }
        return ScannedEnvelope(type: type, messageID: messageID, producedAt: producedAt, payload: payload)
    }

    /// A string holding a UUID, as the contracts write message and record ids.
    public mutating func readUUID() throws(JSONSyntaxError) -> UUID {
        guard let uuid = UUID(uuidString: try readString()) else { throw notTheContract() }
        return uuid
    }

    /// A string holding a date in ``ContractDateFormat``.
    public mutating func readContractDate() throws(JSONSyntaxError) -> Date {
        guard let date = ContractDateFormat.date(from: try readString()) else { throw notTheContract() }
        return date
    }

    /// `null` as nil, or a string.
    public mutating func readOptionalString() throws(JSONSyntaxError) -> String? {
        try consumeNull() ? nil : try readString()
    }

    /// `null` as nil, or an integer that fits 64 bits.
    public mutating func readOptionalInteger() throws(JSONSyntaxError) -> Int64? {
        try consumeNull() ? nil : try readInteger()
    }

    /// Valid JSON that is not what the contracts describe, at the reader's position: a typed reader
    /// gives up, and the contracts name what is wrong.
    public func notTheContract() -> JSONSyntaxError {
        JSONSyntaxError(offset: index, reason: .unexpectedKind(expected: "the contract's value"))
    }
}
