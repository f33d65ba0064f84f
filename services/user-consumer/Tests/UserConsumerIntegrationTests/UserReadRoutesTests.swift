import Contracts
import Foundation
import HummingbirdTesting
import PostgresNIO
import Redis
import TestInfra
import Testing

@testable import UserConsumerCore

@Suite("GET /users/{id} with real servers", .timeLimit(.minutes(5)))
struct UserReadRoutesTests {
    @Test func answersTheUserInClearOr404Or400() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            try await api.seed(1...3)
            let found = try await api.execute(.get, "/users/3")
            #expect(found.status == .ok)
            #expect(found.headers[.contentType] == "application/json")
            #expect(try ContractCoding.decode(UserRecord.self, from: found.text) == LiveUserConsumer.user(3))

            let missing = try await api.execute(.get, "/users/4")
            #expect(missing.status == .notFound)
            #expect(missing.error == "no user with id 4")

            for bad in ["abc", "0", "-1", "1.5", "99999999999999999999"] {
                let response = try await api.execute(.get, "/users/\(bad)")
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.error?.hasPrefix("id: expected a positive integer, found ") == true)
            }
        }
    }

    @Test func aMissFillsTheCacheWithTheAddressSealed() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            try await api.seed(7...7)
            #expect(try await api.cached(7) == nil)
            #expect(try await api.execute(.get, "/users/7").status == .ok)
            let value = try #require(try await api.cached(7))
            #expect(!value.contains("user7@example.com"))
            let stored = try await api.store.user(id: 7)
            #expect(try CachedUserValue.decode(Array(value.utf8)) == stored)
            let ttl = try #require(try await api.redis.timeToLive(api.cacheKey(7)))
            #expect(ttl > .seconds(3500) && ttl <= .seconds(3600))
        }
    }

    @Test func aCachedUserIsServedFromRedisUntilInvalidated() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            try await api.seed(8...8)
            #expect(try await api.execute(.get, "/users/8").status == .ok)
            _ = try #require(try await api.cached(8))
            // Behind the cache's back: only a read from Redis can still give the old name.
            try await api.postgres.query("UPDATE users SET first_name = 'Changed' WHERE id = 8")
            let cached = try await api.execute(.get, "/users/8")
            #expect(try ContractCoding.decode(UserRecord.self, from: cached.text).firstName == "First8")
            // The cache goes with the key: the next read is PostgreSQL's.
            try await api.redis.del(api.cacheKey(8))
            let fresh = try await api.execute(.get, "/users/8")
            #expect(try ContractCoding.decode(UserRecord.self, from: fresh.text).firstName == "Changed")
        }
    }

    @Test func worksFromPostgreSQLWhileRedisIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        try await withLiveUserConsumer(role: "api", overrides: ["REDIS_URL": "redis://127.0.0.1:\(closedPort)"]) {
            api in
            try await api.seed(1...2)
            let found = try await api.execute(.get, "/users/2")
            #expect(found.status == .ok)
            #expect(try ContractCoding.decode(UserRecord.self, from: found.text) == LiveUserConsumer.user(2))
            #expect(try await api.execute(.get, "/users/3").status == .notFound)
            let created = try await api.post(UserWriteRoutesTests.body(for: LiveUserConsumer.user(3)))
            #expect(created.status == .created)
            #expect(try await api.execute(.delete, "/users/1").status == .noContent)
            #expect(try await api.execute(.get, "/users/1").status == .notFound)
            let metrics = try await api.execute(.get, "/metrics")
            #expect(metrics.text.contains("user_cache_errors_total{operation=\"get\"}"))
        }
    }

    @Test func worksFromPostgreSQLWhenRedisStopsAndCachesAgainWhenItIsBack() async throws {
        try await PrivateServer.with("redis") { redisServer in
            let redisURL = try #require(try redisServer.environment["REDIS_URL"])
            try await withLiveUserConsumer(role: "api", overrides: ["REDIS_URL": redisURL]) { api in
                try await api.seed(1...3)
                #expect(try await api.execute(.get, "/users/1").status == .ok)
                try await redisServer.stop()
                let clock = ContinuousClock()
                let started = clock.now
                for id in 1...3 {
                    let response = try await api.execute(.get, "/users/\(id)")
                    #expect(response.status == .ok)
                    #expect(try ContractCoding.decode(UserRecord.self, from: response.text).id == Int64(id))
                }
                #expect(clock.now - started < .seconds(10), "each read waits at most the cache timeout")
                try await redisServer.start()
                // The service's pool reconnects by itself: a read fills the cache again.
                let filled = try await pollUntil("user 2 cached again", timeout: .seconds(20)) {
                    _ = try await api.execute(.get, "/users/2")
                    let redis = try await RedisConnection.connect(to: try redisServer.servers.redis.endpoint)
                    let value = try? await redis.getString(api.cacheKey(2))
                    await redis.close()
                    return value
                }
                #expect(filled.contains("\"id\":2"))
            }
        }
    }
}
