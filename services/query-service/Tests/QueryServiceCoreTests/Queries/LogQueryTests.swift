import Foundation
import ServiceKit
import Testing

@testable import QueryServiceCore

@Suite("GET /logs parameters", .timeLimit(.minutes(1)))
struct LogQueryTests {
    @Test func noParametersMeansTheNewestFiftyOfEverything() throws {
        #expect(try LogQuery([]) == LogQuery(limit: 50))
    }

    @Test func readsEveryParameter() throws {
        let cursor = LogCursor(timestamp: LogTime(microsecondsSince1970: 5), id: UUID())
        let query = try LogQuery([
            ("level", "error"), ("service", "billing"), ("from", "2026-03-01T10:00:00Z"),
            ("to", "2026-03-01T12:00:00+01:00"), ("contains", "Time Out"),
            ("match", #"{ "user": {"id": 42}, "a": [1] }"#),
            ("limit", "1000"), ("cursor", cursor.token),
        ])
        #expect(query.level == "error")
        #expect(query.service == "billing")
        #expect(query.from == LogTime(iso8601: "2026-03-01T10:00:00Z"))
        #expect(query.to == LogTime(iso8601: "2026-03-01T11:00:00Z"))
        #expect(query.contains == "Time Out")
        #expect(query.match == #"{"a":[1],"user":{"id":42}}"#)
        #expect(query.limit == 1000)
        #expect(query.cursor == cursor)
    }

    @Test func anEmptyValueCountsAsNotGiven() throws {
        #expect(try LogQuery([("level", ""), ("service", ""), ("from", ""), ("limit", "")]) == LogQuery())
    }

    @Test(arguments: [
        (("limit", "0"), "limit: expected an integer from 1 to 1000, found \"0\""),
        (("limit", "1001"), "limit: expected an integer from 1 to 1000, found \"1001\""),
        (("limit", "ten"), "limit: expected an integer from 1 to 1000, found \"ten\""),
        (
            ("from", "yesterday"),
            "from: expected an ISO 8601 date-time such as 2026-11-21T06:02:13Z or 2026-11-21T08:02:13.5+02:00, found \"yesterday\""
        ),
        (
            ("to", "2026-02-30T00:00:00Z"),
            "to: expected an ISO 8601 date-time such as 2026-11-21T06:02:13Z or 2026-11-21T08:02:13.5+02:00, found \"2026-02-30T00:00:00Z\""
        ),
        (("match", "[1]"), "match: expected a JSON object such as {\"user\":{\"id\":42}}, found \"[1]\""),
        (("match", "\"x\""), "match: expected a JSON object such as {\"user\":{\"id\":42}}, found \"\\\"x\\\"\""),
        (("match", "{oops"), "match: not valid JSON: \"{oops\""),
        (("cursor", "nope"), "cursor: not a next_cursor of a previous answer: \"nope\""),
        (
            ("levle", "error"),
            "levle: unknown parameter; expected one of contains, cursor, file_id, from, level, limit, match, service, to"
        ),
        (("level", "a\u{0}b"), "level: contains a NUL character"),
    ])
    func aBadParameterIsNamed(_ pair: (String, String), _ message: String) {
        let error = #expect(throws: QueryParameterError.self) { try LogQuery([(name: pair.0, value: pair.1)]) }
        #expect(error?.parameter == pair.0)
        #expect(error?.description == message)
    }

    @Test func aParameterGivenTwiceIsRefused() {
        let error = #expect(throws: QueryParameterError.self) { try LogQuery([("level", "a"), ("level", "b")]) }
        #expect(error == QueryParameterError(parameter: "level", reason: "given more than once"))
    }

    @Test func toMustComeAfterFrom() {
        let error = #expect(throws: QueryParameterError.self) {
            try LogQuery([("from", "2026-03-01T10:00:00Z"), ("to", "2026-03-01T10:00:00Z")])
        }
        #expect(error?.parameter == "to")
    }

    @Test func overlongTextIsRefused() {
        let error = #expect(throws: QueryParameterError.self) {
            try LogQuery([("contains", String(repeating: "x", count: 1001))])
        }
        #expect(error?.description == "contains: longer than 1000 characters (1001)")
        let match = #expect(throws: QueryParameterError.self) {
            try LogQuery([("match", #"{"k":""# + String(repeating: "x", count: 4096) + #""}"#)])
        }
        #expect(match?.parameter == "match")
    }
}
