import NIOCore
import PostgresNIO

/// A `json` or `jsonb` value as PostgreSQL wrote it: valid JSON text, passed into answers as is
/// without being parsed and encoded again.
public struct RawJSON: Sendable, Hashable {
    public let bytes: ByteBuffer

    public init(_ bytes: ByteBuffer) {
        self.bytes = bytes
    }

    public var text: String { String(buffer: bytes) }
}

extension RawJSON: PostgresDecodable {
    /// The binary `jsonb` format is a version byte (1) followed by the JSON text.
    static let jsonbVersion: UInt8 = 1

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        switch (type, format) {
        case (.jsonb, .binary):
            guard buffer.readInteger(as: UInt8.self) == Self.jsonbVersion else {
                throw PostgresDecodingError.Code.failure
            }
            self.init(buffer.slice())
        case (.jsonb, .text), (.json, _):
            self.init(buffer.slice())
        default:
            throw PostgresDecodingError.Code.typeMismatch
        }
    }
}
