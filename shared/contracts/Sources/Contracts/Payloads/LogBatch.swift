/// Log entries accepted together and queued as one message (flow 2: log-api → exchange `logs` →
/// log-worker).
///
/// Guarantees: each record keeps its own ``LogRecord/id``, the key log-worker inserts on, so a
/// redelivered batch, or a record that arrives in two batches, is stored once. One message per
/// request (or per chunk of a large request) rather than per record keeps the broker's per-message
/// cost off the ingest path; a batch is never empty.
public struct LogBatch: MessagePayload, Hashable {
    public static let messageType = "log.batch"
    public static let schemaVersion = 1

    public let records: [LogRecord]

    public init(records: [LogRecord]) {
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case records
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(records: try reader.required(.records))
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(records, .records)
    }
}

extension LogRecord: FieldValue {
    static var expectation: FieldExpectation { .object }
}
