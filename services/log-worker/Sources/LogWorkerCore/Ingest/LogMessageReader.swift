import Contracts
import Foundation

/// Reads the messages of the ingest queue straight from their bytes: an `Envelope<LogBatch>` or
/// an `Envelope<LogRecord>` becomes ``IncomingLog``s whose `data` is the JSON text of the object
/// as it arrived, ready for the `jsonb` column.
///
/// Why: decoding `data` into `JSONValue`s and encoding it again for PostgreSQL cost a worker more
/// CPU per record than PostgreSQL's own insert (measured with `log-ingest-bench codec-cost`);
/// PostgreSQL parses the text again anyway.
///
/// Guarantees:
/// - It accepts only what `ContractCoding.decode` accepts, with the same result (`data` as the
///   same JSON object, in the text the producer wrote): the envelope's `type`, `schema_version` 1,
///   `message_id`, `produced_at` and `payload`, each record's `id` and `received_at`, its optional
///   `level`, `message`, `service` (strings), `timestamp` (a date) and `data` (an object), all
///   validated as the contracts do; unknown keys are skipped, and must be valid JSON too.
/// - Anything else (a repeated key, a value of another kind, a document that is not JSON)
///   returns nil, never a guess: the caller then decodes with `ContractCoding`, whose error names
///   the field or the position.
public enum LogMessageReader {
    typealias Unreadable = JSONSyntaxError

    /// The records of `body`, an empty array for a batch without records, or nil when the
    /// contracts must judge the message.
    public static func read(_ body: [UInt8]) -> [IncomingLog]? {
        body.withUnsafeBufferPointer { bytes in
            var scanner = JSONReader(bytes)
            return try? readEnvelope(&scanner)
        }
    }

    private static func readEnvelope(_ scanner: inout JSONReader) throws(Unreadable) -> [IncomingLog] {
        var envelope = try scanner.readEnvelope()
        switch envelope.type {
        case LogBatch.messageType: return try readBatch(&envelope.payload)
        case LogRecord.messageType: return [try readRecord(&envelope.payload)]
        default: throw scanner.notTheContract()
        }
    }

    private static func readBatch(_ scanner: inout JSONReader) throws(Unreadable) -> [IncomingLog] {
        var records: [IncomingLog]?
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextMember(&first) {
            guard key == "records" else {
                try scanner.skipValue()
                continue
            }
            guard records == nil else { throw scanner.notTheContract() }
            var list: [IncomingLog] = []
            try scanner.beginArray()
            var firstRecord = true
            while try scanner.nextElement(&firstRecord) { list.append(try readRecord(&scanner)) }
            records = list
        }
        guard let records else { throw scanner.notTheContract() }
        return records
    }

    private static func readRecord(_ scanner: inout JSONReader) throws(Unreadable) -> IncomingLog {
        var id: UUID?
        var receivedAt: Date?
        var level: String?
        var message: String?
        var service: String?
        var timestamp: Date?
        var data: [UInt8]?
        var seen = 0  // one bit per known key: a repeated one is left to the contracts
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextMember(&first) {
            guard let bit = LogRecordKey.bits[key] else {
                try scanner.skipValue()
                continue
            }
            guard seen & bit == 0 else { throw scanner.notTheContract() }
            seen |= bit
            switch key {
            case "id": id = try scanner.readUUID()
            case "received_at": receivedAt = try scanner.readContractDate()
            case "level": level = try scanner.readOptionalString()
            case "message": message = try scanner.readOptionalString()
            case "service": service = try scanner.readOptionalString()
            case "timestamp": timestamp = try scanner.consumeNull() ? nil : try scanner.readContractDate()
            default:  // data
                if try scanner.consumeNull() { break }
                guard scanner.peek() == UInt8(ascii: "{") else { throw scanner.notTheContract() }
                let text = try scanner.skipValueReturningRange()
                data = Array(UnsafeBufferPointer(rebasing: scanner.bytes[text]))
            }
        }
        guard let id, let receivedAt else { throw scanner.notTheContract() }
        return IncomingLog(
            id: id, receivedAt: receivedAt, level: level, message: message, service: service, timestamp: timestamp,
            data: data ?? Array("{}".utf8))
    }
}

/// The keys of a record that the reader reads, each with a bit of its own; the others are skipped.
private enum LogRecordKey {
    static let bits: [String: Int] = Dictionary(
        uniqueKeysWithValues: ["id", "received_at", "level", "message", "service", "timestamp", "data"].enumerated()
            .map { ($1, 1 << $0) })
}
