import Contracts
import NIOCore

/// Writes a user as the API answers it: the ``UserRecord`` contract's JSON, byte for byte what
/// `ContractCoding.encode` gives (keys sorted, absent values as `null`, slashes unescaped), written
/// straight into a `ByteBuffer` because `GET /users/{id}` and `/users/sse` do it for every user.
///
/// `{"created_at":1700000000,"deleted_at":null,"email_address":"ada@example.com","first_name":"Ada","id":7,
/// "last_name":"Lovelace","merged_at":null,"parent_user_id":null}`
public enum UserJSON {
    public static func write(_ user: UserRecord, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"created_at\":")
        writeNumber(user.createdAt, into: &buffer)
        buffer.writeStaticString(",\"deleted_at\":")
        writeNumber(user.deletedAt, into: &buffer)
        buffer.writeStaticString(",\"email_address\":")
        writeString(user.emailAddress, into: &buffer)
        buffer.writeStaticString(",\"first_name\":")
        writeString(user.firstName, into: &buffer)
        buffer.writeStaticString(",\"id\":")
        writeNumber(user.id, into: &buffer)
        buffer.writeStaticString(",\"last_name\":")
        writeString(user.lastName, into: &buffer)
        buffer.writeStaticString(",\"merged_at\":")
        writeNumber(user.mergedAt, into: &buffer)
        buffer.writeStaticString(",\"parent_user_id\":")
        writeNumber(user.parentUserID, into: &buffer)
        buffer.writeStaticString("}")
    }

    public static func encode(_ user: UserRecord) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(256)
        write(user, into: &buffer)
        return buffer
    }

    static func writeNumber(_ value: Int64?, into buffer: inout ByteBuffer) {
        guard let value else {
            buffer.writeStaticString("null")
            return
        }
        buffer.writeString(String(value))
    }

    /// A JSON string as Foundation's encoder writes it: `"` and `\` escaped, control characters as
    /// `\b \f \n \r \t` or `\u00XX`, everything else (slashes, non-ASCII) as UTF-8 unchanged.
    static func writeString(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                writeEscaped(byte, into: &buffer)
                start = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ byte: UInt8, into buffer: inout ByteBuffer) {
        switch byte {
        case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
        case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
        case 0x08: buffer.writeStaticString("\\b")
        case 0x0C: buffer.writeStaticString("\\f")
        case 0x0A: buffer.writeStaticString("\\n")
        case 0x0D: buffer.writeStaticString("\\r")
        case 0x09: buffer.writeStaticString("\\t")
        default:
            let hex = Array("0123456789abcdef".utf8)
            buffer.writeStaticString("\\u00")
            buffer.writeInteger(hex[Int(byte >> 4)])
            buffer.writeInteger(hex[Int(byte & 0x0F)])
        }
    }
}
