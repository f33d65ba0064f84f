import Contracts
import Foundation
import ServiceKit

/// The records of a request body, each with a new id: read in place by ``LogObjectReader`` (the
/// client's other members passed through as JSON text), or, for a body it refuses, the answer of the
/// value-tree path (``LogBodyParser`` and ``LogRecordBuilder``).
///
/// Guarantees: the same records, ids aside, and the same ``APIError``s (status, message, index,
/// line, column, field) as ``LogBodyParser`` followed by ``LogRecordBuilder``; all or nothing; ids in
/// increasing order, all records with the same `receivedAt`. Ids are taken only for accepted bodies.
enum LogRecordReader {
    /// The record of a `POST /log` body.
    static func record(
        _ body: [UInt8], ids: LogIDGenerator, receivedAt: Date
    ) throws(APIError) -> PassThroughLogRecord {
        if let fields = try? LogObjectReader.object(body) {
            return PassThroughLogRecord(fields: fields, id: ids.next(), receivedAt: receivedAt)
        }
        let members = try LogBodyParser.object(body)
        let record = try LogRecordBuilder.record(members, id: ids.next(), receivedAt: receivedAt)
        return try passedThrough([record])[0]
    }

    /// The records of a `POST /logs` body in `mediaType`, at most `maxRecords`, in body order.
    static func records(
        _ body: [UInt8], as mediaType: LogMediaType, maxRecords: Int, ids: LogIDGenerator, receivedAt: Date
    ) throws(APIError) -> [PassThroughLogRecord] {
        if let objects = try? LogObjectReader.objects(body, as: mediaType, maxRecords: maxRecords) {
            return zip(objects, ids.next(count: objects.count)).map { fields, id in
                PassThroughLogRecord(fields: fields, id: id, receivedAt: receivedAt)
            }
        }
        let objects = try LogBodyParser.objects(body, as: mediaType, maxRecords: maxRecords)
        return try passedThrough(try LogRecordBuilder.records(objects, ids: ids, receivedAt: receivedAt))
    }

    /// Records the value tree accepted where the reader did not. The differential tests show this does not
    /// happen; should it, the records still go out, written from the tree.
    private static func passedThrough(_ records: [LogRecord]) throws(APIError) -> [PassThroughLogRecord] {
        var passed: [PassThroughLogRecord] = []
        for record in records {
            // A tree parsed from JSON holds no non-finite number; ContractCoding would refuse one too.
            guard let record = PassThroughLogRecord(record) else {
                throw LogController<RabbitMQLogPublisher>.rejection(
                    for: LogPublishError(.refused, "cannot encode the records: a number JSON cannot hold"))
            }
            passed.append(record)
        }
        return passed
    }
}
