import Foundation
import HummingbirdTesting
import Redis
import TestInfra
import Testing

@testable import UserAPICore

@Suite("GET /users/{email} through Redis with real servers", .timeLimit(.minutes(5)))
struct UserCacheTests {
    @Test func aReadFillsTheCacheWithTheTTLAndLaterReadsComeFromIt() async throws {
        try await withLiveUserAPI { api in
            #expect(try await api.create("Ada", "ada@example.com").status == .created)
            // The create wrote the entry already; drop it to see a read fill it.
            try await api.redis.del(api.keyPrefix + "ada@example.com")
            let before = api.lookups.count
            #expect(try await api.execute(.get, "/users/ada@example.com").status == .ok)
            #expect(api.lookups.count == before + 1)
            let value = try #require(try await api.cached("ada@example.com"))
            #expect(value.contains("\"name\":\"Ada\""))
            let ttl = try #require(try await api.redis.timeToLive(api.keyPrefix + "ada@example.com"))
            #expect(ttl > .seconds(290) && ttl <= .seconds(300))
            // Behind the cache's back: only Redis can still answer the old name, and no query is made.
            try await api.postgres.query("UPDATE managed_users SET name = 'Changed'")
            for _ in 0..<5 {
                let read = try await api.execute(.get, "/users/ada@example.com")
                #expect(try read.object["name"] as? String == "Ada")
            }
            #expect(api.lookups.count == before + 1)
        }
    }

    @Test func entriesExpireAfterUSER_CACHE_TTL() async throws {
        try await withLiveUserAPI(overrides: ["USER_CACHE_TTL": "1"]) { api in
            #expect(try await api.create("Ada", "ada@example.com").status == .created)
            #expect(try await api.cached("ada@example.com") != nil)
            let expired = try await eventually(within: .seconds(10), every: .milliseconds(100)) {
                try await api.cached("ada@example.com") == nil
            }
            #expect(expired)
            let before = api.lookups.count
            #expect(try await api.execute(.get, "/users/ada@example.com").status == .ok)
            #expect(api.lookups.count == before + 1)
        }
    }

    @Test func unknownAddressesAreCachedBrieflyAndAWriteReplacesTheMarker() async throws {
        try await withLiveUserAPI(overrides: ["USER_CACHE_MISS_TTL": "30"]) { api in
            for _ in 0..<10 {
                #expect(try await api.execute(.get, "/users/ghost@example.com").status == .notFound)
            }
            #expect(api.lookups.count == 1)
            #expect(try await api.cached("ghost@example.com") == "0:")
            let ttl = try #require(try await api.redis.timeToLive(api.keyPrefix + "ghost@example.com"))
            #expect(ttl <= .seconds(30))
            // The create's version is above the marker's 0: the next read finds the user at once.
            #expect(try await api.create("Ghost", "ghost@example.com").status == .created)
            #expect(try await api.execute(.get, "/users/ghost@example.com").status == .ok)
            #expect(api.lookups.count == 1)
        }
    }

    @Test func concurrentMissesOfOneAddressMakeOneQuery() async throws {
        try await withLiveUserAPI { api in
            #expect(try await api.create("Busy", "busy@example.com").status == .created)
            for round in 0..<3 {
                try await api.redis.del(api.keyPrefix + "busy@example.com")
                let before = api.lookups.count
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<50 {
                        group.addTask { Int(try await api.execute(.get, "/users/busy@example.com").status.code) }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
                #expect(statuses == Array(repeating: 200, count: 50))
                // One query per burst: the first miss queries; the others wait for it, or find its fill.
                #expect(api.lookups.count == before + 1, "round \(round)")
            }
        }
    }

    @Test func aStaleFillCannotReplaceANewerWrite() async throws {
        try await withLiveUserAPI { api in
            let created = try await api.create("Old", "stale@example.com")
            #expect(created.status == .created)
            #expect(try await api.patch("stale@example.com", #"{"name":"New"}"#).status == .ok)
            // A fill that read the row before the PATCH committed arrives late: version 1 < the PATCH's.
            let key = api.keyPrefix + "stale@example.com"
            let reply = try await api.redis.send(
                RedisVersionedCache.command(key, version: 1, payload: Array(#"{"name":"Old"}"#.utf8), ttlSeconds: 60))
            #expect(reply.integer == 0)
            let read = try await api.execute(.get, "/users/stale@example.com")
            #expect(try read.object["name"] as? String == "New")
        }
    }

    @Test func readsAndWritesGoOnWhileRedisIsStopped() async throws {
        try await PrivateServer.with("redis") { redisServer in
            let redisURL = try #require(try redisServer.environment["REDIS_URL"])
            try await withLiveUserAPI(overrides: ["REDIS_URL": redisURL, "USER_CACHE_TIMEOUT_MS": "300"]) { api in
                #expect(try await api.create("Before", "before@example.com").status == .created)
                #expect(try await api.execute(.get, "/users/before@example.com").status == .ok)
                try await redisServer.stop()
                for _ in 0..<5 {
                    #expect(try await api.execute(.get, "/users/before@example.com").status == .ok)
                }
                #expect(try await api.create("During", "during@example.com").status == .created)
                #expect(try await api.execute(.get, "/users/during@example.com").status == .ok)
                #expect(try await api.patch("during@example.com", #"{"role":"viewer"}"#).status == .ok)
                #expect(try await api.execute(.get, "/users/nobody@example.com").status == .notFound)
                let ready = try await api.execute(.get, "/health/ready")
                #expect(ready.status == .ok)
                #expect(ready.text.contains("\"degraded\""))
                try await redisServer.start()
                // Back: reads fill it again.
                let refilled = try await eventually(within: .seconds(20), every: .milliseconds(200)) {
                    _ = try await api.execute(.get, "/users/during@example.com")
                    let value = try? await api.cached("during@example.com")
                    return value?.contains("viewer") == true
                }
                #expect(refilled)
            }
        }
    }
}
