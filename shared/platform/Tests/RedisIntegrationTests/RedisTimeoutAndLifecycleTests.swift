import Logging
import NIOCore
import NIOPosix
import Redis
import ServiceKit
import ServiceLifecycle
import TestInfra
import Testing

@Suite("Redis timeouts, connection failures and the pool's lifetime", .timeLimit(.minutes(5)))
struct RedisTimeoutAndLifecycleTests {
    /// A TCP server that accepts connections and never answers: a hung Redis, as far as a client can tell.
    private func withSilentServer<T>(_ body: (HostPort) async throws -> T) async throws -> T {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(listener.localAddress?.port)
        do {
            let result = try await body(HostPort(host: "127.0.0.1", port: port))
            try await listener.close()
            return result
        } catch {
            try? await listener.close()
            throw error
        }
    }

    @Test func aCommandToAServerThatNeverAnswersTimesOut() async throws {
        try await withSilentServer { endpoint in
            let pool = RedisConnectionPool(
                configuration: RedisClientConfiguration(
                    endpoint: endpoint, poolSize: 2, commandTimeout: .milliseconds(300)))
            let clock = ContinuousClock()
            for attempt in 1...2 {
                // The second attempt runs on a replacement: the timed-out connection was closed.
                let started = clock.now
                let error = try await #require(throws: RedisError.self) { _ = try await pool.get("k") }
                let elapsed = clock.now - started
                #expect(error.kind == .commandTimedOut, "attempt \(attempt): \(error)")
                #expect(error.command == "GET")
                #expect(error.endpoint == endpoint)
                // The server never answers: any end at all is the timeout's. The upper bound only catches a
                // timeout far too late; a loaded machine stalls a process for seconds.
                #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(20), "attempt \(attempt): \(elapsed)")
            }
            await pool.shutdown()
        }
    }

    @Test func aPipelineToAServerThatNeverAnswersTimesOutWhole() async throws {
        try await withSilentServer { endpoint in
            let connection = try await RedisConnection.connect(to: endpoint, commandTimeout: .milliseconds(200))
            let error = try await #require(throws: RedisError.self) {
                _ = try await connection.pipeline([.get("a"), .get("b")])
            }
            #expect(error.kind == .commandTimedOut)
            let closed = try await eventually(within: .seconds(2)) { !connection.isOpen }
            #expect(closed)
        }
    }

    @Test func aClosedPortFailsToConnect() async throws {
        let endpoint = HostPort(host: "127.0.0.1", port: try FreePort.next())
        let pool = RedisConnectionPool(configuration: RedisClientConfiguration(endpoint: endpoint))
        let error = try await #require(throws: RedisError.self) { try await pool.ping() }
        #expect(error.kind == .connectFailed)
        #expect(error.endpoint == endpoint)
        await pool.shutdown()
    }

    @Test func asAServiceThePoolClosesItsConnectionsOnGracefulShutdown() async throws {
        let pool = RedisConnectionPool(configuration: try await sharedRedisConfiguration())
        let group = ServiceGroup(services: [pool], logger: Logger(label: "redis-itest"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let counter = uniqueKey()
            try await withThrowingTaskGroup(of: Void.self) { clients in
                for _ in 0..<20 { clients.addTask { try await pool.incr(counter) } }
                try await clients.waitForAll()
            }
            #expect(pool.openConnectionCount >= 1)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(pool.openConnectionCount == 0)
            let refused = try await #require(throws: RedisError.self) { try await pool.incr(counter) }
            #expect(refused.kind == .shutDown)
            let check = try await RedisConnection.connect(to: pool.endpoint)
            #expect(try await check.getString(counter) == "20")
            await check.close()
        }
    }
}
