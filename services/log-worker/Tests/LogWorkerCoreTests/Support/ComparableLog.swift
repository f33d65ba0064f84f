import Contracts
import Foundation

@testable import LogWorkerCore

/// An ``IncomingLog`` or a ``LogRecord`` as the tests compare them: `data` parsed, since the same
/// object may be written as different JSON texts (key order, spacing, escapes).
struct ComparableLog: Equatable, CustomStringConvertible {
    let id: UUID
    let receivedAt: Date
    let level: String?
    let message: String?
    let service: String?
    let timestamp: Date?
    let data: [String: JSONValue]

    init(_ log: IncomingLog) throws {
        id = log.id
        receivedAt = log.receivedAt
        level = log.level
        message = log.message
        service = log.service
        timestamp = log.timestamp
        data = try ContractCoding.decode([String: JSONValue].self, from: Data(log.data))
    }

    init(_ record: LogRecord) throws {
        id = record.id
        receivedAt = record.receivedAt
        level = record.level
        message = record.message
        service = record.service
        timestamp = record.timestamp
        data = record.data
    }

    var description: String {
        "\(id) \(receivedAt) \(level ?? "-") \(message ?? "-") \(service ?? "-") \(String(describing: timestamp)) \(data)"
    }
}
