import AsyncHTTPClient
import Contracts
import Foundation
import NIOCore
import Redis

/// Measures one scenario's answers one request at a time (the latency a single client sees):
/// uncached, by incrementing the query-cache generation before each request exactly as log-worker
/// does after a commit, so each request misses and runs its SQL; then cached, the same request again.
struct LatencyProbe {
    let baseURL: String
    let redis: RedisConnectionPool
    let requests: Int
    let timeLimit: Duration

    struct Result {
        let uncached: Percentiles
        let cached: Percentiles
        let count: Int
        let bytes: Int
    }

    func measure(_ scenario: Scenario) async throws -> Result {
        let url = baseURL + scenario.pathAndQuery
        // Warm-up: connections, PostgreSQL's plan and buffer caches.
        for _ in 0..<10 {
            try await redis.incr(CacheKeys.logsGeneration)
            _ = try await get(url, expecting: "miss")
        }
        var uncached: [Duration] = []
        var bytes = 0
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeLimit)
        while uncached.count < requests && clock.now < deadline {
            try await redis.incr(CacheKeys.logsGeneration)
            let started = clock.now
            bytes = try await get(url, expecting: "miss")
            uncached.append(clock.now - started)
        }
        _ = try await get(url, expecting: nil)
        var cached: [Duration] = []
        let cachedDeadline = clock.now.advanced(by: timeLimit)
        while cached.count < requests && clock.now < cachedDeadline {
            let started = clock.now
            _ = try await get(url, expecting: "hit")
            cached.append(clock.now - started)
        }
        return Result(uncached: Percentiles(uncached), cached: Percentiles(cached), count: uncached.count, bytes: bytes)
    }

    /// GETs `url`; fails unless it answers 200 with `X-Cache: expected`. Returns the body's size.
    private func get(_ url: String, expecting expected: String?) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        guard response.status == .ok else {
            throw BenchError("\(url) answered \(response.status): \(String(buffer: body))")
        }
        if let expected, response.headers.first(name: "X-Cache") != expected {
            throw BenchError(
                "\(url) answered X-Cache \(response.headers.first(name: "X-Cache") ?? "-"), not \(expected)")
        }
        return body.readableBytes
    }
}
