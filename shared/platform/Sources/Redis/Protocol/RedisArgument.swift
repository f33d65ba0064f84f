import NIOCore

/// One argument of a Redis command: the command name, a key, a value. Arguments travel as bulk
/// strings, so any bytes are allowed, including NUL and invalid UTF-8.
public struct RedisArgument: Sendable, Hashable {
    enum Storage: Sendable, Hashable {
        case text(String)
        case bytes([UInt8])
        case buffer(ByteBuffer)
    }

    let storage: Storage

    public init(_ text: String) { storage = .text(text) }
    public init(_ text: Substring) { storage = .text(String(text)) }
    public init(bytes: [UInt8]) { storage = .bytes(bytes) }
    public init(_ buffer: ByteBuffer) { storage = .buffer(buffer) }
    /// An integer in decimal, as Redis expects counts, seconds and increments.
    public init(_ number: Int) { storage = .text(String(number)) }

    /// The number of bytes the argument occupies on the wire (its body, without framing).
    var byteCount: Int {
        switch storage {
        case .text(let text): return text.utf8.count
        case .bytes(let bytes): return bytes.count
        case .buffer(let buffer): return buffer.readableBytes
        }
    }

    /// Appends the argument's bytes to `staging`.
    func append(to staging: inout [UInt8]) {
        switch storage {
        case .text(let text): staging.append(contentsOf: text.utf8)
        case .bytes(let bytes): staging.append(contentsOf: bytes)
        case .buffer(let buffer): buffer.withUnsafeReadableBytes { staging.append(contentsOf: $0) }
        }
    }
}

extension RedisArgument: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self.init(value) }
}

extension RedisArgument: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

/// A value that can be sent as one command argument: `String`, `Substring`, `[UInt8]`,
/// `ByteBuffer`, `Int` or a ``RedisArgument``.
public protocol RedisArgumentConvertible: Sendable {
    var redisArgument: RedisArgument { get }
}

extension RedisArgument: RedisArgumentConvertible {
    public var redisArgument: RedisArgument { self }
}

extension String: RedisArgumentConvertible {
    public var redisArgument: RedisArgument { RedisArgument(self) }
}

extension Substring: RedisArgumentConvertible {
    public var redisArgument: RedisArgument { RedisArgument(self) }
}

extension Array: RedisArgumentConvertible where Element == UInt8 {
    public var redisArgument: RedisArgument { RedisArgument(bytes: self) }
}

extension ByteBuffer: RedisArgumentConvertible {
    public var redisArgument: RedisArgument { RedisArgument(self) }
}

extension Int: RedisArgumentConvertible {
    public var redisArgument: RedisArgument { RedisArgument(self) }
}
