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

    /// Valid JSON that is not what the contracts describe: the contracts name what is wrong.
    private static func notTheContract(_ scanner: JSONReader) -> Unreadable {
        JSONSyntaxError(offset: scanner.index, reason: .unexpectedKind(expected: "the contract's value"))
    }

    private static func readEnvelope(_ scanner: inout JSONReader) throws(Unreadable) -> [IncomingLog] {
        var type: String?
        var schemaVersion: Int?
        var messageID: UUID?
        var producedAt: Date?
        var payloadStart: JSONReader?
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextMember(&first) {
            switch key {
            case "type":
                guard type == nil else { throw notTheContract(scanner) }
                type = try scanner.readString()
            case "schema_version":
                guard schemaVersion == nil else { throw notTheContract(scanner) }
                schemaVersion = Int(try scanner.readInteger())
            case "message_id":
                guard messageID == nil else { throw notTheContract(scanner) }
                messageID = try readUUID(&scanner)
            case "produced_at":
                guard producedAt == nil else { throw notTheContract(scanner) }
                producedAt = try readDate(&scanner)
            case "payload":
                // Read once the type is known (keys come in any order; the contracts' encoder
                // writes `payload` before `type`): validated now, read again below.
                guard payloadStart == nil, scanner.peek() == UInt8(ascii: "{") else { throw notTheContract(scanner) }
                payloadStart = scanner
                try scanner.skipValue()
            default:
                try scanner.skipValue()
            }
        }
        guard scanner.isAtEnd(), schemaVersion == 1, messageID != nil, producedAt != nil, var payload = payloadStart
        else {
            throw notTheContract(scanner)
        }
        switch type {
        case LogBatch.messageType: return try readBatch(&payload)
        case LogRecord.messageType: return [try readRecord(&payload)]
        default: throw notTheContract(scanner)
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
            guard records == nil else { throw notTheContract(scanner) }
            var list: [IncomingLog] = []
            try scanner.beginArray()
            var firstRecord = true
            while try scanner.nextElement(&firstRecord) { list.append(try readRecord(&scanner)) }
            records = list
        }
        guard let records else { throw notTheContract(scanner) }
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
            guard seen & bit == 0 else { throw notTheContract(scanner) }
            seen |= bit
            switch key {
            case "id": id = try readUUID(&scanner)
            case "received_at": receivedAt = try readDate(&scanner)
            case "level": level = try readOptionalString(&scanner)
            case "message": message = try readOptionalString(&scanner)
            case "service": service = try readOptionalString(&scanner)
            case "timestamp": timestamp = try scanner.consumeNull() ? nil : try readDate(&scanner)
            default:  // data
                if try scanner.consumeNull() { break }
                guard scanner.peek() == UInt8(ascii: "{") else { throw notTheContract(scanner) }
                let text = try scanner.skipValueReturningRange()
                data = Array(UnsafeBufferPointer(rebasing: scanner.bytes[text]))
            }
        }
        guard let id, let receivedAt else { throw notTheContract(scanner) }
        return IncomingLog(
            id: id, receivedAt: receivedAt, level: level, message: message, service: service, timestamp: timestamp,
            data: data ?? Array("{}".utf8))
    }

    private static func readOptionalString(_ scanner: inout JSONReader) throws(Unreadable) -> String? {
        try scanner.consumeNull() ? nil : try scanner.readString()
    }

    private static func readUUID(_ scanner: inout JSONReader) throws(Unreadable) -> UUID {
        guard let uuid = UUID(uuidString: try scanner.readString()) else { throw notTheContract(scanner) }
        return uuid
    }

    private static func readDate(_ scanner: inout JSONReader) throws(Unreadable) -> Date {
        guard let date = ContractDateFormat.date(from: try scanner.readString()) else { throw notTheContract(scanner) }
        return date
    }
}

/// The keys of a record that the reader reads, each with a bit of its own; the others are skipped.
private enum LogRecordKey {
    static let bits: [String: Int] = Dictionary(
        uniqueKeysWithValues: ["id", "received_at", "level", "message", "service", "timestamp", "data"].enumerated()
            .map { ($1, 1 << $0) })
}
