import Foundation
import Redis
import TestInfra
import Testing

@testable import QueryServiceCore

/// The Redis query cache against real servers: hits, the generation, and Redis going away.
@Suite("query cache with real servers", .timeLimit(.minutes(5)))
struct QueryCacheTests {
    @Test func aRepeatedQueryIsAHitWithTheSameAnswerWhateverTheParameterOrder() async throws {
        try await LiveQueryService.with { api in
            try await api.insert((0..<5).map { TestLog(at: .at(Double($0)), level: "error", data: #"{"k":\#($0)}"#) })
            let hitsBefore = try await api.metric("query_cache_hits_total", endpoint: "logs")
            let missesBefore = try await api.metric("query_cache_misses_total", endpoint: "logs")

            let parameters = [("level", "error"), ("match", #"{"k": 3}"#), ("limit", "10")]
            let first = try await api.get("/logs", parameters)
            #expect(first.cache == "miss")
            #expect(try first.page.ids.count == 1)
            let second = try await api.get("/logs", parameters.reversed())
            #expect(second.cache == "hit")
            #expect(second.body == first.body)
            let spelledOtherwise = try await api.get(
                "/logs", [("match", #"{ "k":3 }"#), ("level", "error"), ("service", "")])
            #expect(spelledOtherwise.cache == "miss")  // limit 50, not 10: another answer
            #expect(
                try await api.get("/logs", [("limit", "10"), ("match", #"{"k":3}"#), ("level", "error")]).cache == "hit"
            )

            #expect(try await api.metric("query_cache_hits_total", endpoint: "logs") >= hitsBefore + 2)
            #expect(try await api.metric("query_cache_misses_total", endpoint: "logs") >= missesBefore + 2)

            let stats = [("from", "2026-03-01T10:00:00Z"), ("to", "2026-03-01T11:00:00Z")]
            #expect(try await api.get("/logs/stats", stats).cache == "miss")
            #expect(try await api.get("/logs/stats", stats.reversed()).cache == "hit")
            #expect(try await api.metric("query_cache_hits_total", endpoint: "stats") >= 1)

            // The answer is stored under the current generation with the configured TTL.
            let keys = try await api.redis.send(["KEYS", "tributary:logs:query:0:*"]).array ?? []
            #expect(keys.count == 3)
            let firstKey = try #require(keys.first?.string)
            let ttl = try await api.redis.send(["TTL", RedisArgument(firstKey)]).integer ?? 0
            #expect(ttl > 0 && ttl <= 300)
        }
    }

    @Test func aCommittedRowIsSeenRightAfterTheGenerationMoves() async throws {
        try await LiveQueryService.with { api in
            try await api.insert([TestLog(at: .at(0), level: "error")])
            let parameters = [("level", "error")]
            let before = try await api.get("/logs", parameters)
            #expect(try await api.get("/logs", parameters).cache == "hit")
            let statsRange = [("from", "2026-03-01T10:00:00Z"), ("to", "2026-03-01T11:00:00Z")]
            #expect(try await api.get("/logs/stats", statsRange).cache == "miss")

            // What log-worker does: commit a batch, then INCR the generation.
            let added = TestLog(at: .at(1), level: "error")
            try await api.insert([added])
            try await api.bumpGeneration()

            let after = try await api.get("/logs", parameters)
            #expect(after.cache == "miss")
            #expect(try after.page.ids == [added.id] + before.page.ids)
            let stats = try await api.get("/logs/stats", statsRange)
            #expect(stats.cache == "miss")
            #expect(try LogStatsTests.buckets(stats)["2026-03-01T10:00:00.000Z"] == ["error": 2])
            #expect(try await api.get("/logs", parameters).cache == "hit")
        }
    }

    @Test func withRedisDownTheAnswersComeFromPostgreSQLUnchanged() async throws {
        try await LiveQueryService.with { api in
            try await api.insert((0..<3).map { TestLog(at: .at(Double($0))) })
            let cached = try await api.get("/logs")
            #expect(try await api.get("/logs").cache == "hit")
            let errorsBefore = try await api.metric("query_cache_errors_total", endpoint: "logs")

            try await api.redisServer.stop()
            for _ in 0..<3 {
                let response = try await api.get("/logs")
                #expect(response.status == .ok)
                #expect(response.cache == "miss")
                #expect(response.body == cached.body)
            }
            let stats = try await api.get(
                "/logs/stats", [("from", "2026-03-01T10:00:00Z"), ("to", "2026-03-01T11:00:00Z")])
            #expect(stats.status == .ok)
            #expect(try LogStatsTests.buckets(stats)["2026-03-01T10:00:00.000Z"] == ["info": 3])
            #expect(try await api.metric("query_cache_errors_total", endpoint: "logs") >= errorsBefore + 3)
            #expect(try await api.get("/health/ready").status == .ok)

            // Back again (empty: it keeps nothing on disk): answers are cached once more.
            try await api.redisServer.start()
            let cachedAgain = try await eventually(within: .seconds(10)) {
                _ = try await api.get("/logs")
                return try await api.get("/logs").cache == "hit"
            }
            #expect(cachedAgain)
        }
    }

    @Test func withRedisUnreachableFromTheStartEveryQueryStillAnswers() async throws {
        let closedPort = try FreePort.next()
        try await LiveQueryService.with(overrides: ["REDIS_URL": "redis://127.0.0.1:\(closedPort)"]) { api in
            try await api.insert([TestLog(at: .at(0), level: "warn")])
            let clock = ContinuousClock()
            let started = clock.now
            for _ in 0..<5 {
                let response = try await api.get("/logs", [("level", "warn")])
                #expect(response.status == .ok)
                #expect(try response.page.ids.count == 1)
            }
            #expect(clock.now - started < .seconds(5))
        }
    }

    /// Without the pause after a failure, each of these requests would try Redis and wait for the
    /// 250 ms command timeout, which closes its connection: 20 connections. With it, only a request
    /// that finds no pause running tries: at most one per second.
    @Test func aRedisThatNeverAnswersCostsOneTimeoutPerPauseNotOnePerRequest() async throws {
        let silent = try SilentListener()
        try await LiveQueryService.with(overrides: ["REDIS_URL": "redis://127.0.0.1:\(silent.port)"]) { api in
            try await api.insert([TestLog(at: .at(0), level: "warn")])
            let errorsBefore = try await api.metric("query_cache_errors_total", endpoint: "logs")
            let clock = ContinuousClock()
            let started = clock.now
            for _ in 0..<20 {
                let response = try await api.get("/logs", [("level", "warn")])
                #expect(response.status == .ok)
                #expect(try response.page.ids.count == 1)
            }
            let seconds = Int((clock.now - started).components.seconds)
            let attempts = silent.takeConnections()
            #expect(attempts >= 1)
            #expect(attempts <= seconds + 2, "\(attempts) tries of Redis in \(seconds) s")
            #expect(try await api.metric("query_cache_errors_total", endpoint: "logs") >= errorsBefore + 20)
        }
        withExtendedLifetime(silent) {}
    }
}
