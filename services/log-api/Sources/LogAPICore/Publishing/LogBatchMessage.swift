import Contracts
import Foundation

/// One `Envelope<LogBatch>` message as it goes to the broker: its id and its JSON bytes.
///
/// Guarantees: ``body`` decodes with `ContractCoding.decode(Envelope<LogBatch>.self, from:)` to an
/// envelope with ``messageID`` and the records it was made from, in order (written by
/// ``LogBatchJSONWriter``); a batch is never empty.
public struct LogBatchMessage: Sendable {
    public let messageID: UUID
    public let body: [UInt8]
    public let recordCount: Int

    /// The message for `records`; nil for a date that the contract's format cannot write (outside the years
    /// 0000–9999), which `ContractCoding` refuses too.
    init?(records: some Collection<PassThroughLogRecord>, messageID: UUID, producedAt: Date = Date()) {
        precondition(!records.isEmpty, "a log batch is never empty")
        guard let body = LogBatchJSONWriter.bytes(records: records, messageID: messageID, producedAt: producedAt)
        else { return nil }
        self.messageID = messageID
        self.body = body
        self.recordCount = records.count
    }

    /// The error for records whose message cannot be written.
    static let unwritable = LogPublishError(
        .refused, "cannot encode the records: a date outside the years 0000–9999")
}
