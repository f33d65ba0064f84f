import NIOCore
import Redis
import Testing

@Suite("RESP encoding of commands through redisFormatCommandArgv", .timeLimit(.minutes(1)))
struct RedisCommandEncoderTests {
    private func encoded(_ commands: RedisCommand...) -> [UInt8] {
        let buffer = RedisCommandEncoder.encode(commands)
        return Array(buffer.readableBytesView)
    }

    @Test func encodesAGetAsAnArrayOfBulkStrings() {
        #expect(encoded(.get("user:1")) == Array("*2\r\n$3\r\nGET\r\n$6\r\nuser:1\r\n".utf8))
    }

    @Test func keepsBinaryArgumentsByteForByte() {
        let value: [UInt8] = [0x00, 0xFF, 0x0D, 0x0A, 0x24, 0x2A, 0x00]
        let expected = Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$7\r\n".utf8) + value + Array("\r\n".utf8)
        #expect(encoded(RedisCommand("SET", ["k", value])) == expected)
    }

    @Test func encodesEmptyArgumentsAndByteBuffers() {
        #expect(encoded(RedisCommand(["SET", "", ""])) == Array("*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n".utf8))
        var buffer = ByteBuffer(string: "xxpayload")
        buffer.moveReaderIndex(forwardBy: 2)  // only the readable bytes count
        #expect(
            encoded(RedisCommand("SET", ["k", buffer])) == Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$7\r\npayload\r\n".utf8)
        )
    }

    @Test func encodesUnicodeTextAsUTF8() {
        #expect(
            encoded(RedisCommand("SET", ["clé", "😀"])) == Array("*3\r\n$3\r\nSET\r\n$4\r\nclé\r\n$4\r\n😀\r\n".utf8))
    }

    @Test func encodesExpiryAsEXOrPX() {
        #expect(
            encoded(.set("k", to: "v", expiration: .seconds(10)))
                == Array("*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nEX\r\n$2\r\n10\r\n".utf8))
        #expect(
            encoded(.set("k", to: "v", expiration: .milliseconds(1500)))
                == Array("*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nPX\r\n$4\r\n1500\r\n".utf8))
    }

    @Test func encodesAPipelineBackToBack() {
        #expect(
            encoded(.incr("n"), .mget(["a", "b"]))
                == Array("*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*3\r\n$4\r\nMGET\r\n$1\r\na\r\n$1\r\nb\r\n".utf8))
    }

    @Test func encodesALargeValueWhole() {
        let value = [UInt8](repeating: 0x61, count: 1 << 20)
        let bytes = encoded(RedisCommand("SET", ["big", value]))
        let header = Array("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$1048576\r\n".utf8)
        #expect(bytes.count == header.count + value.count + 2)
        #expect(Array(bytes.prefix(header.count)) == header)
    }

    @Test func namesTheCommandInUpperCase() {
        #expect(RedisCommand(["incr", "k"]).name == "INCR")
        #expect(RedisCommand.publish("ch", "m").name == "PUBLISH")
        #expect(RedisCommand([RedisArgument(bytes: [0xFF]), "k"]).name == "(binary command)")
    }
}
