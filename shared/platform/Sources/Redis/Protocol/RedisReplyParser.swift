import CHiredis
import NIOCore

/// The stream was not valid RESP (hiredis' reader refused it). The connection cannot be trusted
/// after this: the byte where the next reply starts is unknown.
public struct RedisProtocolViolation: Error, CustomStringConvertible {
    /// hiredis' description of what it could not parse.
    public let reason: String
    public var description: String { "invalid RESP from the server: \(reason)" }
}

/// Decodes the replies in a byte stream with hiredis' `redisReader`: feed bytes as they arrive,
/// in pieces of any size, and take complete replies out in order.
///
/// Not thread-safe: one parser belongs to one connection and is used on its event loop only.
public final class RedisReplyParser {
    private let reader: UnsafeMutablePointer<redisReader>

    public init() {
        // redisReaderCreate fails only when malloc does.
        guard let reader = redisReaderCreate() else { fatalError("redisReaderCreate: out of memory") }
        self.reader = reader
    }

    deinit { redisReaderFree(reader) }

    /// Hands the readable bytes of `buffer` to the reader (it keeps its own copy).
    public func feed(_ buffer: ByteBuffer) throws(RedisProtocolViolation) {
        let status = buffer.withUnsafeReadableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return REDIS_OK }
            return redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard status == REDIS_OK else { throw violation() }
    }

    /// The next complete reply, or nil while more bytes are needed.
    public func next() throws(RedisProtocolViolation) -> RedisValue? {
        var reply: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &reply) == REDIS_OK else { throw violation() }
        guard let reply else { return nil }
        defer { freeReplyObject(reply) }
        return Self.value(of: reply.assumingMemoryBound(to: redisReply.self))
    }

    private func violation() -> RedisProtocolViolation {
        let reason = withUnsafeBytes(of: &reader.pointee.errstr) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return RedisProtocolViolation(reason: reason)
    }

    private static func value(of reply: UnsafeMutablePointer<redisReply>) -> RedisValue {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STATUS: return .simpleString(text(node))
        case REDIS_REPLY_ERROR: return .error(text(node))
        case REDIS_REPLY_INTEGER: return .integer(Int(node.integer))
        case REDIS_REPLY_STRING:
            return .bulkString(ByteBuffer(bytes: UnsafeRawBufferPointer(start: node.str, count: node.len)))
        case REDIS_REPLY_ARRAY:
            var elements = [RedisValue]()
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                if let element = node.element[index] { elements.append(value(of: element)) }
            }
            return .array(elements)
        default: return .null
        }
    }

    private static func text(_ node: redisReply) -> String {
        guard let start = node.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: start, count: node.len), as: UTF8.self)
    }
}
