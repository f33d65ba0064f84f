/// One value of an AMQP 0-9-1 field table: a message header, a queue or exchange argument.
///
/// Every kind rabbitmq-c encodes has a case, so a table read from a delivery (for example the
/// `x-death` header the broker adds) is written back unchanged when the message is republished.
public enum AMQPFieldValue: Sendable, Hashable {
    case bool(Bool)
    case int8(Int8)
    case uint8(UInt8)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    /// A signed 64-bit integer ("long"): the kind RabbitMQ expects for `x-max-length`, `x-message-ttl` ….
    case int64(Int64)
    case uint64(UInt64)
    case float(Float)
    case double(Double)
    case decimal(scale: UInt8, value: UInt32)
    case string(String)
    /// Raw bytes ("byte array"), not necessarily UTF-8.
    case bytes([UInt8])
    /// Seconds since the Unix epoch.
    case timestamp(UInt64)
    case array([AMQPFieldValue])
    case table(AMQPTable)
    case void
}

extension AMQPFieldValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    /// Integer literals become `int64`, the kind RabbitMQ reads for numeric arguments.
    public init(integerLiteral value: Int64) { self = .int64(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension AMQPFieldValue {
    /// The value as a string, when it is one (UTF-8 text or bytes that decode as UTF-8).
    public var stringValue: String? {
        switch self {
        case .string(let text): text
        case .bytes(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The value as an integer, when it is an integer of any width that fits in `Int64`.
    public var int64Value: Int64? {
        switch self {
        case .int8(let value): Int64(value)
        case .uint8(let value): Int64(value)
        case .int16(let value): Int64(value)
        case .uint16(let value): Int64(value)
        case .int32(let value): Int64(value)
        case .uint32(let value): Int64(value)
        case .int64(let value): value
        case .uint64(let value): Int64(exactly: value)
        default: nil
        }
    }
}
