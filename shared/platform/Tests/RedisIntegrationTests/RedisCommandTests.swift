import NIOCore
import Redis
import TestInfra
import Testing

@Suite("Redis commands through the pool, against a real server", .timeLimit(.minutes(5)))
struct RedisCommandTests {
    @Test func setThenGetReturnsTheValueAndAMissingKeyIsNil() async throws {
        try await withPool { pool in
            let key = uniqueKey()
            try await pool.set(key, to: "hello, redis")
            #expect(try await pool.getString(key) == "hello, redis")
            #expect(try await pool.get(uniqueKey("missing")) == nil)
            try await pool.set(key, to: "replaced")
            #expect(try await pool.getString(key) == "replaced")
        }
    }

    @Test func valuesAreBinarySafe() async throws {
        try await withPool { pool in
            let key = uniqueKey()
            let everyByte = (0...255).map(UInt8.init) + [0, 13, 10, 0]
            try await pool.set(key, to: everyByte)
            let stored = try #require(try await pool.get(key))
            #expect(Array(stored.readableBytesView) == everyByte)
            // A ByteBuffer value and an empty value round-trip too.
            try await pool.set(key, to: ByteBuffer(bytes: [0xFF, 0x00]))
            #expect(try await pool.get(key) == ByteBuffer(bytes: [0xFF, 0x00]))
            try await pool.set(key, to: "")
            #expect(try await pool.get(key) == ByteBuffer())
        }
    }

    @Test func setWithMillisecondExpiryGoesAway() async throws {
        try await withPool { pool in
            let key = uniqueKey()
            // Long enough that a loaded machine still reads the TTL before the key is gone, short
            // enough to see it go; still below a second, so only PX can have set it.
            try await pool.set(key, to: "short-lived", expiration: .milliseconds(900))
            // A machine that stalls longer than the expiry finds the key gone: that too shows a
            // sub-second expiry, so only a TTL that is there and too long fails.
            if let left = try await pool.timeToLive(key) {
                #expect(left > .zero && left <= .milliseconds(900))
            }
            let expired = try await eventually(within: .seconds(5)) { try await pool.get(key) == nil }
            #expect(expired)
        }
    }

    @Test func setWithSecondExpiryAndExpireSetTheTTL() async throws {
        try await withPool { pool in
            let key = uniqueKey()
            try await pool.set(key, to: "v", expiration: .seconds(100))
            let left = try #require(try await pool.timeToLive(key))
            #expect(left > .seconds(95) && left <= .seconds(100))

            let other = uniqueKey()
            try await pool.set(other, to: "v")
            #expect(try await pool.timeToLive(other) == nil)
            #expect(try await pool.expire(other, seconds: 1))
            #expect(try await pool.timeToLive(other) != nil)
            let expired = try await eventually(within: .seconds(5)) { try await pool.exists(other) == 0 }
            #expect(expired)
            #expect(try await pool.expire(uniqueKey("missing"), seconds: 10) == false)
        }
    }

    @Test func delCountsTheKeysItRemoved() async throws {
        try await withPool { pool in
            let (first, second) = (uniqueKey(), uniqueKey())
            try await pool.set(first, to: "1")
            try await pool.set(second, to: "2")
            #expect(try await pool.del(first, second, uniqueKey("missing")) == 2)
            #expect(try await pool.exists(first, second) == 0)
            #expect(try await pool.del(first) == 0)
        }
    }

    @Test func mgetReturnsNilForMissingKeysInPlace() async throws {
        try await withPool { pool in
            let (first, missing, third) = (uniqueKey(), uniqueKey("missing"), uniqueKey())
            try await pool.set(first, to: "one")
            try await pool.set(third, to: [0x00, 0x01])
            let values = try await pool.mget([first, missing, third])
            #expect(values == [ByteBuffer(string: "one"), nil, ByteBuffer(bytes: [0x00, 0x01])])
        }
    }

    @Test func incrCountsAndFailsOnANonIntegerWithTheServersMessage() async throws {
        try await withPool { pool in
            let counter = uniqueKey()
            #expect(try await pool.incr(counter) == 1)
            #expect(try await pool.incr(counter) == 2)
            #expect(try await pool.incr(counter, by: 40) == 42)

            let text = uniqueKey()
            try await pool.set(text, to: "not a number")
            let error = try await #require(throws: RedisError.self) { try await pool.incr(text) }
            #expect(error.kind == .serverError)
            #expect(error.command == "INCR")
            #expect(error.message == "ERR value is not an integer or out of range")
            // The connection is still fine after an error reply.
            #expect(try await pool.incr(counter) == 43)
        }
    }

    @Test func genericSendTakesStringsAndBytes() async throws {
        try await withPool { pool in
            let key = uniqueKey()
            let name: [UInt8] = [0x41, 0x00, 0xE9]
            let added = try await pool.send(["HSET", RedisArgument(key), "name", RedisArgument(bytes: name)])
            #expect(added == .integer(1))
            let read = try await pool.send(["HGET", RedisArgument(key), "name"])
            #expect(read == .bulkString(ByteBuffer(bytes: name)))
            let unknown = try await #require(throws: RedisError.self) { try await pool.send(["NOSUCHCOMMAND"]) }
            #expect(unknown.kind == .serverError)
            #expect(unknown.message.contains("unknown command"))
        }
    }

    @Test func publishCountsItsReceivers() async throws {
        try await withPool { pool in
            let receivers = try await pool.publish("nobody listens", to: uniqueKey("channel"))
            #expect(receivers == 0)
        }
    }
}
