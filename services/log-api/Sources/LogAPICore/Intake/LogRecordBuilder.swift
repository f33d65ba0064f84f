import Contracts
import Foundation
import ServiceKit

/// Turns validated client objects into the ``LogRecord``s that are queued, each with a new id.
///
/// Guarantees: all or nothing. Either every object becomes a record (ids in increasing order, all
/// with the same `receivedAt`), or an ``APIError`` names the first object whose known member
/// (`level`, `message`, `service` as strings, `timestamp` as an ISO 8601 date-time) is wrong: its
/// field, its index and, for NDJSON, its line.
public enum LogRecordBuilder {
    /// The record for the one object of `POST /log`.
    public static func record(
        _ members: [String: JSONValue], id: UUID, receivedAt: Date
    ) throws(APIError) -> LogRecord {
        do {
            return try LogRecord(clientObject: members, id: id, receivedAt: receivedAt)
        } catch {
            throw APIError.logRejection(.invalidRecord, error.description, field: error.path)
        }
    }

    /// The records for the objects of `POST /logs`, in the same order.
    public static func records(
        _ objects: [ClientLogObject], ids: LogIDGenerator, receivedAt: Date
    ) throws(APIError) -> [LogRecord] {
        let newIDs = ids.next(count: objects.count)
        var records: [LogRecord] = []
        records.reserveCapacity(objects.count)
        for (object, id) in zip(objects, newIDs) {
            do {
                records.append(try LogRecord(clientObject: object.members, id: id, receivedAt: receivedAt))
            } catch {
                let place = object.line.map(ClientLogProblem.Place.line) ?? .index(object.index)
                throw APIError.logRejection(
                    .invalidRecord, ClientLogProblem.invalidField(error).message(at: place), index: object.index,
                    line: object.line, field: error.path)
            }
        }
        return records
    }
}
