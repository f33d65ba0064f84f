import Contracts
import Foundation
import Testing

@Suite("LogRecord from a client's object", .timeLimit(.minutes(1)))
struct LogRecordClientTests {
    @Test func splitsKnownMembersFromData() throws {
        let id = UUID()
        let object: JSONValue = [
            "level": "warn", "message": "slow", "service": "api", "timestamp": "2026-11-21T06:02:13.123Z",
            "latency_ms": 812, "tags": ["a"], "id": "client-id",
        ]
        let record = try LogRecord(clientObject: #require(object.objectValue), id: id, receivedAt: Fixtures.producedAt)
        #expect(
            record
                == LogRecord(
                    id: id,
                    receivedAt: Fixtures.producedAt,
                    level: "warn",
                    message: "slow",
                    service: "api",
                    timestamp: Fixtures.producedAt,
                    data: ["latency_ms": 812, "tags": ["a"], "id": "client-id"]
                )
        )
    }

    @Test func nullAndAbsentMembersAreNil() throws {
        let record = try LogRecord(clientObject: ["level": nil, "timestamp": nil])
        #expect(record.level == nil)
        #expect(record.message == nil)
        #expect(record.timestamp == nil)
        #expect(record.data.isEmpty)
    }

    @Test func rejectsMistypedMembers() {
        let level = ContractError(path: "level", reason: .unexpectedValue(expected: "a string", found: "a number"))
        #expect(throws: level) {
            try LogRecord(clientObject: ["level": 30])
        }
        #expect(
            throws: ContractError(
                path: "timestamp",
                reason: .unexpectedValue(expected: "an ISO 8601 date-time", found: "\"soon\"")
            )
        ) {
            try LogRecord(clientObject: ["timestamp": "soon"])
        }
        #expect(
            throws: ContractError(
                path: "timestamp",
                reason: .unexpectedValue(expected: "an ISO 8601 date-time", found: "a number")
            )
        ) {
            try LogRecord(clientObject: ["timestamp": 1_700_000_000])
        }
    }

    @Test func errorMessagesReadWell() {
        let error = ContractError(
            path: "timestamp", reason: .unexpectedValue(expected: "an ISO 8601 date-time", found: "\"soon\""))
        #expect(error.description == "field 'timestamp' expected an ISO 8601 date-time, found \"soon\"")
    }
}
