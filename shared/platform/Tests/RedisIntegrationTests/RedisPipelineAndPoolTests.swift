import NIOCore
import Redis
import TestInfra
import Testing

@Suite("Redis pipelines and the connection pool, against a real server", .timeLimit(.minutes(5)))
struct RedisPipelineAndPoolTests {
    @Test func aPipelineOfAThousandCommandsAnswersEachInOrder() async throws {
        try await withPool { pool in
            let counter = uniqueKey()
            let replies = try await pool.pipeline(Array(repeating: .incr(counter), count: 1000))
            #expect(replies == (1...1000).map { RedisValue.integer($0) })
            #expect(try await pool.getString(counter) == "1000")
        }
    }

    @Test func aPipelineKeepsErrorRepliesInPlace() async throws {
        try await withPool { pool in
            let (text, counter) = (uniqueKey(), uniqueKey())
            let replies = try await pool.pipeline([
                .set(text, to: "abc"), .incr(text), .incr(counter), .get(text),
            ])
            #expect(replies.count == 4)
            #expect(replies[0] == .simpleString("OK"))
            #expect(replies[1] == .error("ERR value is not an integer or out of range"))
            #expect(replies[2] == .integer(1))
            #expect(replies[3] == .bulkString(ByteBuffer(string: "abc")))
        }
    }

    @Test func multiExecInOnePipelineIsATransaction() async throws {
        try await withPool { pool in
            let counter = uniqueKey()
            let replies = try await pool.pipeline([
                RedisCommand("MULTI"), .incr(counter), .incr(counter), RedisCommand("EXEC"),
            ])
            #expect(replies.last == .array([.integer(1), .integer(2)]))
        }
    }

    @Test func twoHundredConcurrentIncrementsCountExactly() async throws {
        try await withPool(poolSize: 4) { pool in
            let counter = uniqueKey()
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<200 { group.addTask { try await pool.incr(counter) } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            // Every increment happened once: the replies are exactly 1…200, each to one caller.
            #expect(results.sorted() == Array(1...200))
            #expect(try await pool.getString(counter) == "200")
            #expect(pool.openConnectionCount >= 1 && pool.openConnectionCount <= 4)
        }
    }

    @Test func aKilledConnectionIsReplaced() async throws {
        try await withPool(poolSize: 1) { pool in
            guard case .integer(let id) = try await pool.send(["CLIENT", "ID"]) else {
                Issue.record("CLIENT ID did not answer an integer")
                return
            }
            let killer = try await RedisConnection.connect(to: pool.endpoint)
            #expect(try await killer.send(["CLIENT", "KILL", "ID", RedisArgument(id)]) == .integer(1))
            await killer.close()
            // The pool notices the closed connection and opens another for the next command.
            let replaced = try await eventually(within: .seconds(5)) {
                guard case .integer(let newID) = try? await pool.send(["CLIENT", "ID"]) else { return false }
                return newID != id
            }
            #expect(replaced)
        }
    }

    @Test func afterShutdownCommandsFailWithShutDown() async throws {
        let pool = RedisConnectionPool(configuration: try await sharedRedisConfiguration())
        #expect(pool.openConnectionCount == 0, "connections open lazily, on the first command")
        try await pool.ping()
        #expect(pool.openConnectionCount == 1)
        await pool.shutdown()
        #expect(pool.openConnectionCount == 0)
        let error = try await #require(throws: RedisError.self) { try await pool.ping() }
        #expect(error.kind == .shutDown)
    }
}
