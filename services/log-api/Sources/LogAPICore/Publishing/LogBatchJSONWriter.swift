import Contracts
import Foundation

/// Writes an `Envelope<LogBatch>` as JSON with the shared ``JSONWriter``, each record's `data` copied
/// as the client's JSON text (``PassThroughLogRecord/dataJSON``) rather than decoded and written again.
///
/// Guarantees: the document has the layout `ContractCoding.encode` writes: compact, envelope and
/// record keys sorted, absent optionals as `null`, dates in ``ContractDateFormat``, UUIDs in
/// lowercase, `/` not escaped; `data` is the client's members in the client's order and spelling.
/// `ContractCoding.decode` reads it back to the records (the unit tests check it, and that a
/// record whose data was written from a `JSONValue` gives exactly `ContractCoding.encode`'s bytes).
/// It returns `nil` for a date outside the years 0000–9999, which `ContractCoding` refuses too.
enum LogBatchJSONWriter {
    static func bytes(
        records: some Collection<PassThroughLogRecord>, messageID: UUID, producedAt: Date
    ) -> [UInt8]? {
        var capacity = 160
        for record in records { capacity += 320 + record.dataJSON.count + (record.message?.utf8.count ?? 0) }
        var writer = JSONWriter(capacity: capacity)
        let written = writer.envelope(
            type: LogBatch.messageType, schemaVersion: LogBatch.schemaVersion, messageID: messageID,
            producedAt: producedAt
        ) { writer in
            writer.raw(#"{"records":["#)
            var first = true
            for record in records {
                if !first { writer.byte(UInt8(ascii: ",")) }
                first = false
                guard write(record, into: &writer) else { return false }
            }
            writer.raw("]}")
            return true
        }
        return written ? writer.bytes : nil
    }

    /// A record's members in key order: data, id, level, message, received_at, service, timestamp.
    private static func write(_ record: PassThroughLogRecord, into writer: inout JSONWriter) -> Bool {
        writer.raw(#"{"data":"#)
        writer.raw(record.dataJSON)
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
