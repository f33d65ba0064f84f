import ServiceKit
import Testing

@testable import QueryServiceCore

@Suite("GET /logs/stats parameters", .timeLimit(.minutes(1)))
struct LogStatsQueryTests {
    static let now = LogTime(iso8601: "2026-03-01T10:17:42.5Z")!

    @Test func defaultsToTheLastHourByMinuteEndingWithTheCurrentMinute() throws {
        let query = try LogStatsQuery([], now: Self.now)
        #expect(query.bucket == .minute)
        #expect(query.to == LogTime(iso8601: "2026-03-01T10:18:00Z"))
        #expect(query.from == LogTime(iso8601: "2026-03-01T09:18:00Z"))
    }

    @Test func byHourDefaultsToTheLastDay() throws {
        let query = try LogStatsQuery([("bucket", "hour")], now: Self.now)
        #expect(query.to == LogTime(iso8601: "2026-03-01T11:00:00Z"))
        #expect(query.from == LogTime(iso8601: "2026-02-28T11:00:00Z"))
    }

    @Test func takesAnExplicitRange() throws {
        let query = try LogStatsQuery(
            [("from", "2026-03-01T08:00:00Z"), ("to", "2026-03-01T09:30:00Z"), ("bucket", "minute")], now: Self.now)
        #expect(
            query
                == LogStatsQuery(
                    from: LogTime(iso8601: "2026-03-01T08:00:00Z")!, to: LogTime(iso8601: "2026-03-01T09:30:00Z")!,
                    bucket: .minute))
    }

    @Test func theSpanIsBounded() throws {
        _ = try LogStatsQuery([("from", "2026-02-28T10:00:00Z"), ("to", "2026-03-01T10:00:00Z")], now: Self.now)
        let error = #expect(throws: QueryParameterError.self) {
            try LogStatsQuery([("from", "2026-02-28T09:59:59Z"), ("to", "2026-03-01T10:00:00Z")], now: Self.now)
        }
        #expect(error?.parameter == "from")
        #expect(error?.reason.contains("longer than 24 hours, the most for bucket=minute") == true)
        _ = try LogStatsQuery(
            [("from", "2026-01-01T00:00:00Z"), ("to", "2026-03-01T00:00:00Z"), ("bucket", "hour")], now: Self.now)
        #expect(throws: QueryParameterError.self) {
            try LogStatsQuery(
                [("from", "2025-12-30T23:59:59Z"), ("to", "2026-03-01T00:00:00Z"), ("bucket", "hour")], now: Self.now)
        }
    }

    @Test func badParametersAreNamed() {
        let bucket = #expect(throws: QueryParameterError.self) { try LogStatsQuery([("bucket", "day")], now: Self.now) }
        #expect(bucket?.description == "bucket: expected one of minute, hour, found \"day\"")
        let order = #expect(throws: QueryParameterError.self) {
            try LogStatsQuery([("from", "2026-03-01T10:00:00Z"), ("to", "2026-03-01T09:00:00Z")], now: Self.now)
        }
        #expect(order?.parameter == "to")
        let unknown = #expect(throws: QueryParameterError.self) { try LogStatsQuery([("level", "x")], now: Self.now) }
        #expect(unknown?.parameter == "level")
    }

    @Test func bucketsAlignToUTC() {
        let end = LogStatsQuery.endOfBucket(containing: LogTime(iso8601: "1969-12-31T23:59:30Z")!, bucket: .minute)
        #expect(end == LogTime(iso8601: "1970-01-01T00:00:00Z"))
        #expect(
            LogStatsQuery.endOfBucket(containing: LogTime(iso8601: "2026-03-01T10:00:00Z")!, bucket: .hour)
                == LogTime(iso8601: "2026-03-01T11:00:00Z"))
    }
}
