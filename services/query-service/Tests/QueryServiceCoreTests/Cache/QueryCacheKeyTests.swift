import Foundation
import Testing

@testable import QueryServiceCore

@Suite("cache keys: one per answer", .timeLimit(.minutes(1)))
struct QueryCacheKeyTests {
    static func key(_ pairs: [(String, String)]) throws -> QueryCacheKey {
        QueryCacheKey(try LogQuery(pairs.map { (name: $0.0, value: $0.1) }))
    }

    @Test func theSameQueryWrittenDifferentlyHasOneKey() throws {
        let reference = try Self.key([
            ("level", "error"), ("service", "api"), ("from", "2026-03-01T10:00:00Z"),
            ("match", #"{"a":1,"b":{"c":true}}"#),
        ])
        let variants: [[(String, String)]] = [
            [
                ("match", #"{"a":1,"b":{"c":true}}"#), ("from", "2026-03-01T10:00:00Z"), ("service", "api"),
                ("level", "error"),
            ],
            [
                ("service", "api"), ("level", "error"), ("from", "2026-03-01T12:00:00.000+02:00"),
                ("match", #"{ "b": {"c": true}, "a": 1 }"#),
            ],
            [
                ("level", "error"), ("service", "api"), ("from", "2026-03-01T10:00:00Z"),
                ("match", #"{"a":1,"b":{"c":true}}"#), ("limit", "50"), ("contains", ""),
            ],
        ]
        for variant in variants {
            #expect(try Self.key(variant) == reference, "\(variant)")
        }
    }

    @Test func differentAnswersHaveDifferentKeys() throws {
        let queries: [[(String, String)]] = [
            [], [("level", "error")], [("service", "error")], [("contains", "error")], [("limit", "51")],
            [("from", "2026-03-01T10:00:00Z")], [("to", "2026-03-01T10:00:00Z")], [("match", #"{"level":"error"}"#)],
            [("level", "error"), ("service", "api")], [("level", "error api")],
            [("cursor", LogCursor(timestamp: LogTime(microsecondsSince1970: 1), id: UUID()).token)],
        ]
        let keys = try queries.map(Self.key)
        #expect(Set(keys).count == queries.count)
        let stats = QueryCacheKey(
            LogStatsQuery(
                from: LogTime(microsecondsSince1970: 0), to: LogTime(microsecondsSince1970: 60_000_000), bucket: .minute
            ))
        #expect(!keys.contains(stats))
    }

    @Test func theRedisKeyNamesTheGenerationAndTheDigest() throws {
        let key = try Self.key([("level", "error")])
        #expect(key.digest.count == 64)
        #expect(key.digest.allSatisfy { $0.isHexDigit })
        #expect(key.redisKey(generation: "17") == "tributary:logs:query:17:" + key.digest)
        #expect(key.normalized == #"{"endpoint":"logs","level":"error","limit":50,"version":1}"#)
    }
}
