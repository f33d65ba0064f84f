import NIOCore
import Redis
import Synchronization
import TestInfra
import Testing

@Suite("RedisVersionedCache against a real server", .timeLimit(.minutes(5)))
struct RedisVersionedCacheTests {
    /// The operations that failed, in order.
    final class Failures: Sendable {
        private let operations = Mutex<[String]>([])
        func add(_ operation: String) { operations.withLock { $0.append(operation) } }
        var all: [String] { operations.withLock { $0 } }
    }

    static func cache(_ pool: RedisConnectionPool, failures: Failures = Failures()) -> RedisVersionedCache {
        RedisVersionedCache(redis: pool) { operation, _ in failures.add(operation.rawValue) }
    }

    @Test func onlyANewerVersionReplacesAnEntry() async throws {
        try await withPool { pool in
            let cache = Self.cache(pool)
            let key = uniqueKey()
            #expect(await cache.read(key) == .unknown)
            #expect(await cache.write(key, version: 5, payload: Array("five".utf8), ttlSeconds: 60) == true)
            #expect(await cache.read(key) == .present(version: 5, payload: ByteBuffer(string: "five")))
            // Older and equal versions leave it: a late fill of what a commit replaced.
            #expect(await cache.write(key, version: 4, payload: Array("four".utf8), ttlSeconds: 60) == false)
            #expect(await cache.write(key, version: 5, payload: Array("again".utf8), ttlSeconds: 60) == false)
            // A tombstone at a newer version wins, and keeps older writes out.
            #expect(await cache.write(key, version: 6, payload: nil, ttlSeconds: 60) == true)
            #expect(await cache.read(key) == .absent(version: 6))
            #expect(await cache.write(key, version: 5, payload: Array("five".utf8), ttlSeconds: 60) == false)
            #expect(await cache.write(key, version: 7, payload: Array("seven".utf8), ttlSeconds: 60) == true)
            #expect(await cache.read(key) == .present(version: 7, payload: ByteBuffer(string: "seven")))
        }
    }

    @Test func aNotFoundMarkerAtVersionZeroGivesWayToAnyWrite() async throws {
        try await withPool { pool in
            let cache = Self.cache(pool)
            let key = uniqueKey()
            #expect(await cache.write(key, version: 0, payload: nil, ttlSeconds: 5) == true)
            #expect(await cache.read(key) == .absent(version: 0))
            let ttl = try #require(try await pool.timeToLive(key))
            #expect(ttl <= .seconds(5))
            #expect(await cache.write(key, version: 1, payload: Array("x".utf8), ttlSeconds: 60) == true)
        }
    }

    @Test func aValueItDidNotWriteReadsAsUnknown() async throws {
        try await withPool { pool in
            let cache = Self.cache(pool)
            for value in ["plain", ":no-version", "12x:abc", "99999999999999999999:too-long"] {
                let key = uniqueKey()
                try await pool.set(key, to: value)
                #expect(await cache.read(key) == .unknown, "\(value)")
            }
        }
    }

    @Test func anUnreachableServerIsReportedNotThrown() async throws {
        let port = try FreePort.next()
        let pool = RedisConnectionPool(
            configuration: RedisClientConfiguration(
                endpoint: .init(host: "127.0.0.1", port: port), connectTimeout: .milliseconds(300),
                commandTimeout: .milliseconds(300)))
        let failures = Failures()
        let cache = Self.cache(pool, failures: failures)
        #expect(await cache.read("k") == .unknown)
        #expect(await cache.write("k", version: 1, payload: [1], ttlSeconds: 1) == nil)
        #expect(failures.all == ["read", "write"])
        await pool.shutdown()
    }
}
