import NIOCore

/// One reply from a Redis server (RESP2), decoded completely: nested arrays hold their elements,
/// bulk strings hold their bytes exactly as the server sent them (binary-safe).
public enum RedisValue: Sendable, Hashable {
    /// A status reply such as `OK` or `PONG` (`+…`).
    case simpleString(String)
    /// An error reply (`-…`): the server's message, for example `ERR value is not an integer…`.
    case error(String)
    /// An integer reply (`:…`).
    case integer(Int)
    /// A bulk string (`$…`), byte for byte.
    case bulkString(ByteBuffer)
    /// The null bulk string or null array (`$-1`, `*-1`): a missing key, a timed-out wait.
    case null
    /// An array reply (`*…`), possibly nested.
    case array([RedisValue])
}

extension RedisValue {
    /// The text of a simple or bulk string (bulk bytes read as UTF-8), else nil.
    public var string: String? {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(let bytes): return String(buffer: bytes)
        default: return nil
        }
    }

    /// The bytes of a bulk string, else nil.
    public var bytes: ByteBuffer? {
        if case .bulkString(let bytes) = self { return bytes }
        return nil
    }

    /// The value of an integer reply, else nil.
    public var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The elements of an array reply, else nil.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var isNull: Bool { self == .null }
}

extension RedisValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .simpleString(let text): return "+\(text)"
        case .error(let message): return "-\(message)"
        case .integer(let value): return ":\(value)"
        case .bulkString(let bytes): return "$\(bytes.readableBytes) bytes"
        case .null: return "(null)"
        case .array(let elements): return "[" + elements.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
