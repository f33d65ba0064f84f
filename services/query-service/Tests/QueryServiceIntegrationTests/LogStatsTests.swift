import Foundation
import Testing

@testable import QueryServiceCore

/// `GET /logs/stats` against real PostgreSQL: counts per level per bucket, one SQL query.
@Suite("GET /logs/stats with real servers", .timeLimit(.minutes(5)))
struct LogStatsTests {
    /// The `buckets` of an answer as [start: [level: count]].
    static func buckets(_ response: APIResponse) throws -> [String: [String: Int]] {
        let buckets = try #require(try response.object["buckets"] as? [[String: Any]], "\(response.text)")
        var result: [String: [String: Int]] = [:]
        for bucket in buckets {
            result[bucket["start"] as? String ?? "?"] = bucket["counts"] as? [String: Int]
        }
        return result
    }

    @Test func countsPerLevelPerMinuteAndHour() async throws {
        var stored: [TestLog] = []
        stored += (0..<3).map { TestLog(at: .at(5 + Double($0)), level: "error") }  // 10:00
        stored += (0..<4).map { TestLog(at: .at(30 + Double($0)), level: "info") }  // 10:00
        stored += [TestLog(at: .at(59.999_999), level: nil)]  // 10:00, no level
        stored += (0..<2).map { TestLog(at: .at(60 + Double($0)), level: "info") }  // 10:01
        stored += [TestLog(at: .at(180), level: "warn")]  // 10:03
        stored += [TestLog(at: .at(3600 + 1), level: "error")]  // 11:00
        stored += [TestLog(at: .at(-1), level: "error")]  // 09:59, before the range
        let logs = stored
        try await LiveQueryService.with { api in
            try await api.insert(logs)
            let byMinute = try await api.get(
                "/logs/stats", [("from", "2026-03-01T10:00:00Z"), ("to", "2026-03-01T11:00:00Z"), ("bucket", "minute")])
            #expect(byMinute.status == .ok, "\(byMinute.text)")
            #expect(
                try Self.buckets(byMinute) == [
                    "2026-03-01T10:00:00.000Z": ["error": 3, "info": 4, "(none)": 1],
                    "2026-03-01T10:01:00.000Z": ["info": 2],
                    "2026-03-01T10:03:00.000Z": ["warn": 1],
                ])
            let object = try byMinute.object
            #expect(object["from"] as? String == "2026-03-01T10:00:00.000Z")
            #expect(object["to"] as? String == "2026-03-01T11:00:00.000Z")
            #expect(object["bucket"] as? String == "minute")
            let starts = (object["buckets"] as? [[String: Any]])?.compactMap { $0["start"] as? String }
            #expect(starts == starts?.sorted())

            let byHour = try await api.get(
                "/logs/stats", [("from", "2026-03-01T09:00:00Z"), ("to", "2026-03-01T12:00:00Z"), ("bucket", "hour")])
            #expect(
                try Self.buckets(byHour) == [
                    "2026-03-01T09:00:00.000Z": ["error": 1],
                    "2026-03-01T10:00:00.000Z": ["error": 3, "info": 6, "(none)": 1, "warn": 1],
                    "2026-03-01T11:00:00.000Z": ["error": 1],
                ])

            // A range that is not aligned counts only inside it; the bucket still starts on the minute.
            let partial = try await api.get(
                "/logs/stats", [("from", "2026-03-01T10:00:30Z"), ("to", "2026-03-01T10:01:01Z")])
            #expect(
                try Self.buckets(partial) == [
                    "2026-03-01T10:00:00.000Z": ["info": 4, "(none)": 1], "2026-03-01T10:01:00.000Z": ["info": 1],
                ])
        }
    }

    @Test func byDefaultTheLastHourEndingWithTheCurrentMinute() async throws {
        try await LiveQueryService.with { api in
            let now = LogTime.now
            try await api.insert([
                TestLog(at: now, level: "error"), TestLog(at: now.adding(microseconds: -7_200_000_000), level: "error"),
            ])
            let response = try await api.get("/logs/stats")
            #expect(response.status == .ok)
            let object = try response.object
            let to = try #require(LogTime(iso8601: object["to"] as? String ?? ""))
            let from = try #require(LogTime(iso8601: object["from"] as? String ?? ""))
            #expect(to > now && to.microsecondsSince1970 % 60_000_000 == 0)
            #expect(to.microsecondsSince1970 - from.microsecondsSince1970 == 3_600_000_000)
            #expect(try Self.buckets(response).values.map { $0["error"] ?? 0 }.reduce(0, +) == 1)
        }
    }
}
