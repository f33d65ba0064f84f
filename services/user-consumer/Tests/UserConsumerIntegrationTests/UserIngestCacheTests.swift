import Contracts
import Foundation
import Redis
import ServiceKit
import TestInfra
import Testing

@testable import UserConsumerCore

@Suite("user-consumer ingest keeps Redis up to date", .timeLimit(.minutes(5)))
struct UserIngestCacheTests {
    @Test func ingestedUsersAreInPostgreSQLAndInRedisAndAnnounced() async throws {
        try await withLiveUserConsumer(role: "worker") { api in
            let changes = try await ChangeCollector.start(api.redis, channel: api.channel)
            let users = (1...300).map { LiveUserConsumer.user(Int64($0)) }
            try await api.ingest(users)
            let announced = try await pollUntil("every id announced") {
                Set(changes.ids).count == users.count ? Set(changes.ids) : nil
            }
            await changes.stop()
            #expect(announced == Set(users.map(\.id)))
            // Announced after the commit and the cache refresh: both are there by now.
            for user in users {
                #expect(try await api.stored(user.id) == user)
                let cached = try #require(try await api.cached(user.id), "user \(user.id) not cached")
                #expect(try CachedUserValue.decode(Array(cached.utf8)).opened(with: api.cipher) == user)
                #expect(!cached.contains(user.emailAddress))
            }
            let ttl = try #require(try await api.redis.timeToLive(api.cacheKey(1)))
            #expect(ttl > .seconds(3500))
        }
    }

    @Test func aChangedUserReplacesItsCachedValue() async throws {
        try await withLiveUserConsumer(role: "worker") { api in
            try await api.ingest([LiveUserConsumer.user(9)])
            _ = try await pollUntil("user 9 cached") { try await api.cached(9) }
            let renamed = UserRecord(
                id: 9, firstName: "Renamed", lastName: "Last9", emailAddress: "new9@example.com", createdAt: 5)
            try await api.ingest([renamed])
            let value = try await pollUntil("user 9 renamed in the cache") {
                try await api.cached(9).flatMap { $0.contains("Renamed") ? $0 : nil }
            }
            #expect(try CachedUserValue.decode(Array(value.utf8)).opened(with: api.cipher) == renamed)
        }
    }

    @Test func aRedisOutageNeitherStallsNorFailsIngest() async throws {
        let closedPort = try FreePort.next()
        try await withLiveUserConsumer(role: "worker", overrides: ["REDIS_URL": "redis://127.0.0.1:\(closedPort)"]) {
            api in
            let users = (1...200).map { LiveUserConsumer.user(Int64($0)) }
            let clock = ContinuousClock()
            let started = clock.now
            try await api.ingest(users)
            _ = try await pollUntil("every user stored", timeout: .seconds(30)) {
                try await api.store.page(after: 0, limit: 1_000).count == users.count ? true : nil
            }
            #expect(clock.now - started < .seconds(20))
            _ = try await pollUntil("the queue drained") {
                try await api.rabbit.queueState(api.queue).messageCount == 0 ? true : nil
            }
        }
    }
}
