import NIOCore
import Redis
import Testing

@Suite("RESP decoding with hiredis' redisReader", .timeLimit(.minutes(1)))
struct RedisReplyParserTests {
    /// Every reply in `wire`, fed in one piece.
    private func replies(_ wire: String) throws -> [RedisValue] {
        try replies(Array(wire.utf8))
    }

    private func replies(_ wire: [UInt8]) throws -> [RedisValue] {
        let parser = RedisReplyParser()
        try parser.feed(ByteBuffer(bytes: wire))
        var result: [RedisValue] = []
        while let value = try parser.next() { result.append(value) }
        return result
    }

    @Test func decodesEachScalarReplyType() throws {
        #expect(try replies("+OK\r\n") == [.simpleString("OK")])
        #expect(
            try replies("-ERR value is not an integer or out of range\r\n")
                == [.error("ERR value is not an integer or out of range")])
        #expect(try replies(":42\r\n:-7\r\n") == [.integer(42), .integer(-7)])
        #expect(try replies("$5\r\nhello\r\n") == [.bulkString(ByteBuffer(string: "hello"))])
        #expect(try replies("$0\r\n\r\n") == [.bulkString(ByteBuffer())])
        #expect(try replies("$-1\r\n") == [.null])
        #expect(try replies("*-1\r\n") == [.null])
        #expect(try replies("*0\r\n") == [.array([])])
    }

    @Test func decodesBinaryBulkStringsByteForByte() throws {
        let payload: [UInt8] = [0x00, 0x0D, 0x0A, 0xFF, 0x2B]
        let wire = Array("$5\r\n".utf8) + payload + Array("\r\n".utf8)
        #expect(try replies(wire) == [.bulkString(ByteBuffer(bytes: payload))])
    }

    @Test func decodesNestedArrays() throws {
        let wire = "*3\r\n:1\r\n*2\r\n$1\r\na\r\n*1\r\n$-1\r\n+x\r\n"
        let expected: RedisValue = .array([
            .integer(1), .array([.bulkString(ByteBuffer(string: "a")), .array([.null])]), .simpleString("x"),
        ])
        #expect(try replies(wire) == [expected])
    }

    @Test func waitsForTheLastByteWhenFedOneByteAtATime() throws {
        let wire = Array("*2\r\n$3\r\nfoo\r\n*2\r\n:5\r\n$-1\r\n-ERR bad\r\n".utf8)
        let parser = RedisReplyParser()
        var decoded: [(afterByte: Int, value: RedisValue)] = []
        for (index, byte) in wire.enumerated() {
            try parser.feed(ByteBuffer(bytes: [byte]))
            while let value = try parser.next() { decoded.append((index, value)) }
        }
        let firstEnd = Array("*2\r\n$3\r\nfoo\r\n*2\r\n:5\r\n$-1\r\n".utf8).count - 1
        #expect(decoded.count == 2)
        #expect(decoded.first?.afterByte == firstEnd)
        #expect(
            decoded.first?.value
                == .array([.bulkString(ByteBuffer(string: "foo")), .array([.integer(5), .null])]))
        #expect(decoded.last?.afterByte == wire.count - 1)
        #expect(decoded.last?.value == .error("ERR bad"))
    }

    @Test func decodesManyRepliesFromOneFeed() throws {
        let wire = String(repeating: ":1\r\n", count: 1000) + "$3\r\nend\r\n"
        let values = try replies(wire)
        #expect(values.count == 1001)
        #expect(values.last == .bulkString(ByteBuffer(string: "end")))
    }

    @Test func rejectsBytesThatAreNotRESP() throws {
        let parser = RedisReplyParser()
        try parser.feed(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n"))
        #expect(throws: RedisProtocolViolation.self) { try parser.next() }
    }

    @Test func readsValuesThroughTheirAccessors() {
        #expect(RedisValue.bulkString(ByteBuffer(string: "v")).string == "v")
        #expect(RedisValue.simpleString("OK").string == "OK")
        #expect(RedisValue.integer(3).integer == 3)
        #expect(RedisValue.null.isNull)
        #expect(RedisValue.integer(3).bytes == nil)
        #expect(RedisValue.array([.null]).array == [.null])
    }
}
