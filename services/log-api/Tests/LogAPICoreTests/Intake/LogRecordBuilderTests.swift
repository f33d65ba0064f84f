import Contracts
import Foundation
import ServiceKit
import Testing

@testable import LogAPICore

@Suite("log records from client objects", .timeLimit(.minutes(2)))
struct LogRecordBuilderTests {
    let receivedAt = Date(timeIntervalSince1970: 1_790_000_000.123)

    @Test func knownFieldsAndData() throws {
        let id = UUID()
        let record = try LogRecordBuilder.record(
            [
                "level": "warn", "message": "slow", "service": "api", "timestamp": "2026-11-21T06:02:13.5+01:00",
                "ms": 8,
            ],
            id: id, receivedAt: receivedAt)
        #expect(record.id == id)
        #expect(record.receivedAt == receivedAt)
        #expect(record.level == "warn")
        #expect(record.message == "slow")
        #expect(record.service == "api")
        #expect(record.timestamp == ContractDateFormat.date(from: "2026-11-21T05:02:13.500Z"))
        #expect(record.data == ["ms": 8])
    }

    @Test func aWrongKindNamesTheField() {
        let error = #expect(throws: APIError.self) {
            try LogRecordBuilder.record(["service": ["a"]], id: UUID(), receivedAt: receivedAt)
        }
        #expect(error?.message == "field 'service' expected a string, found an array")
        #expect(error?.field == "service")
        #expect(error?.status == .badRequest)
    }

    @Test func aTimestampThatIsNotISO8601() {
        let error = #expect(throws: APIError.self) {
            try LogRecordBuilder.record(["timestamp": "21/11/2026"], id: UUID(), receivedAt: receivedAt)
        }
        #expect(error?.message == "field 'timestamp' expected an ISO 8601 date-time, found \"21/11/2026\"")
    }

    @Test func manyRecordsGetIncreasingIdsAndOneReceivedAt() throws {
        let objects = (0..<5).map { ClientLogObject(members: ["message": .string("m\($0)")], index: $0, line: nil) }
        let records = try LogRecordBuilder.records(objects, ids: LogIDGenerator(), receivedAt: receivedAt)
        #expect(records.map(\.message) == ["m0", "m1", "m2", "m3", "m4"])
        #expect(records.map(\.id.uuidString) == records.map(\.id.uuidString).sorted())
        #expect(Set(records.map(\.id)).count == 5)
        #expect(records.allSatisfy { $0.receivedAt == receivedAt })
    }

    @Test func theFirstInvalidRecordIsNamedByIndexOrLine() {
        let inArray = [
            ClientLogObject(members: [:], index: 0, line: nil),
            ClientLogObject(members: ["level": 30], index: 1, line: nil),
            ClientLogObject(members: ["message": true], index: 2, line: nil),
        ]
        let error = #expect(throws: APIError.self) {
            try LogRecordBuilder.records(inArray, ids: LogIDGenerator(), receivedAt: receivedAt)
        }
        #expect(error?.message == "record at index 1: field 'level' expected a string, found a number")
        #expect(error?.index == 1)
        #expect(error?.field == "level")

        let inNDJSON = [
            ClientLogObject(members: [:], index: 0, line: 1),
            ClientLogObject(members: ["timestamp": 5], index: 1, line: 4),
        ]
        let ndjsonError = #expect(throws: APIError.self) {
            try LogRecordBuilder.records(inNDJSON, ids: LogIDGenerator(), receivedAt: receivedAt)
        }
        #expect(ndjsonError?.message == "line 4: field 'timestamp' expected an ISO 8601 date-time, found a number")
        #expect(ndjsonError?.line == 4)
        #expect(ndjsonError?.index == 1)
    }
}
