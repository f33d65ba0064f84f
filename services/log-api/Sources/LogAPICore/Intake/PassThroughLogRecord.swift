import Contracts
import Foundation

/// A ``LogRecord`` on its way to the broker, whose `data` is still the client's JSON text.
///
/// Why: decoding every member into a `JSONValue` tree only to write it again cost most of log-api's
/// CPU per record. Here the members that are not fields of their own stay the bytes the client
/// sent (validated by ``JSONReader``), and ``LogBatchJSONWriter`` copies them into the message.
///
/// Guarantees: ``dataJSON`` is one JSON object (compact between members; a member's value as the
/// client wrote it) with no repeated key and none of ``LogRecord/clientFieldNames``; the message
/// written from it decodes with `ContractCoding` to the ``LogRecord`` the value tree would have
/// built from the same client object. Dates are rounded to milliseconds, as ``LogRecord`` does.
public struct PassThroughLogRecord: Sendable, Equatable {
    public let id: UUID
    public let receivedAt: Date
    public let level: String?
    public let message: String?
    public let service: String?
    public let timestamp: Date?
    /// The `data` object as JSON text.
    public let dataJSON: [UInt8]

    init(fields: ClientLogFields, id: UUID, receivedAt: Date) {
        self.id = id
        self.receivedAt = ContractDateFormat.roundedToMilliseconds(receivedAt)
        self.level = fields.level
        self.message = fields.message
        self.service = fields.service
        self.timestamp = fields.timestamp.map(ContractDateFormat.roundedToMilliseconds)
        self.dataJSON = fields.dataJSON
    }

    /// The same record, its `data` written by ``JSONWriter`` (keys sorted). Returns nil for data that
    /// JSON cannot hold (a non-finite number).
    public init?(_ record: LogRecord) {
        var writer = JSONWriter(capacity: 64)
        guard writer.value(.object(record.data)) else { return nil }
        self.id = record.id
        self.receivedAt = record.receivedAt
        self.level = record.level
        self.message = record.message
        self.service = record.service
        self.timestamp = record.timestamp
        self.dataJSON = writer.bytes
    }
}
