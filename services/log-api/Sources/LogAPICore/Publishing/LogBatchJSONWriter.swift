import Contracts
import Foundation

/// Writes an `Envelope<LogBatch>` as JSON with the shared ``JSONWriter``, several times faster than
/// `ContractCoding.encode` (a `JSONEncoder` boxes every value before writing it).
///
/// Guarantees: the bytes are the document `ContractCoding.encode` writes for the same envelope:
/// compact, keys sorted, absent optionals as `null`, dates in ``ContractDateFormat``, UUIDs in
/// lowercase, `/` not escaped; `ContractCoding.decode` reads them back to an equal envelope (the
/// unit tests check both). It returns `nil` for what it does not write itself (a non-finite number
/// or a date outside the years 0000–9999, which `ContractCoding` reports as errors).
enum LogBatchJSONWriter {
    static func bytes(for envelope: Envelope<LogBatch>) -> [UInt8]? {
        var writer = JSONWriter(capacity: 160 + envelope.payload.records.count * 384)
        writer.raw(#"{"message_id":"#)
        writer.uuid(envelope.messageID)
        writer.raw(#","payload":{"records":["#)
        for (position, record) in envelope.payload.records.enumerated() {
            if position > 0 { writer.byte(UInt8(ascii: ",")) }
            guard write(record, into: &writer) else { return nil }
        }
        writer.raw(#"]},"produced_at":"#)
        guard writer.date(envelope.producedAt) else { return nil }
        writer.raw(#","schema_version":"#)
        writer.integer(envelope.schemaVersion)
        writer.raw(#","type":"#)
        writer.string(envelope.type)
        writer.byte(UInt8(ascii: "}"))
        return writer.bytes
    }

    /// A record's members in key order: data, id, level, message, received_at, service, timestamp.
    private static func write(_ record: LogRecord, into writer: inout JSONWriter) -> Bool {
        writer.raw(#"{"data":"#)
        guard writer.value(.object(record.data)) else { return false }
        writer.raw(#","id":"#)
        writer.uuid(record.id)
        writer.raw(#","level":"#)
        writer.string(record.level)
        writer.raw(#","message":"#)
        writer.string(record.message)
        writer.raw(#","received_at":"#)
        guard writer.date(record.receivedAt) else { return false }
        writer.raw(#","service":"#)
        writer.string(record.service)
        writer.raw(#","timestamp":"#)
        if let timestamp = record.timestamp {
            guard writer.date(timestamp) else { return false }
        } else {
            writer.null()
        }
        writer.byte(UInt8(ascii: "}"))
        return true
    }
}
