import Contracts
import Foundation

/// One log record as log-worker stores it: a ``Contracts/LogRecord`` whose `data` is held as the
/// JSON text of the object (what the `jsonb` column takes), not as decoded values.
///
/// Guarantees: dates are whole milliseconds, as ``Contracts/LogRecord`` has them; `data` is the
/// JSON text of an object (`{}` when the record had none).
public struct IncomingLog: Sendable, Hashable {
    public let id: UUID
    public let receivedAt: Date
    public let level: String?
    public let message: String?
    public let service: String?
    /// When the client says the event happened, if it said.
    public let timestamp: Date?
    /// The record's `data` object as UTF-8 JSON text.
    public let data: [UInt8]
    /// The uploaded file the record came from; nil for logs sent over HTTP.
    public let fileID: UUID?

    public init(
        id: UUID, receivedAt: Date, level: String?, message: String?, service: String?, timestamp: Date?,
        data: [UInt8], fileID: UUID? = nil
    ) {
        self.id = id
        self.receivedAt = ContractDateFormat.roundedToMilliseconds(receivedAt)
        self.level = level
        self.message = message
        self.service = service
        self.timestamp = timestamp.map(ContractDateFormat.roundedToMilliseconds)
        self.data = data
        self.fileID = fileID
    }

    /// The record decoded by the contracts, its `data` encoded again by them.
    public init(_ record: LogRecord) throws(ContractError) {
        self.init(
            id: record.id, receivedAt: record.receivedAt, level: record.level, message: record.message,
            service: record.service, timestamp: record.timestamp, data: Array(try ContractCoding.encode(record.data)))
    }

    /// `ts`: the client's time, or when the record was received.
    public var ts: Date { timestamp ?? receivedAt }
}
