import Contracts
import NIOCore

/// Writes a user as the API answers it: the ``UserRecord`` contract's JSON, byte for byte what
/// `ContractCoding.encode` gives (keys sorted, absent values as `null`, slashes unescaped), written with
/// the shared ``JSONWriter`` because `GET /users/{id}` and `/users/sse` do it for every user.
///
/// `{"created_at":1700000000,"deleted_at":null,"email_address":"ada@example.com","first_name":"Ada","id":7,
/// "last_name":"Lovelace","merged_at":null,"parent_user_id":null}`
public enum UserJSON {
    public static func write(_ user: UserRecord, into writer: inout JSONWriter) {
        writer.user(user)
    }

    public static func write(_ user: UserRecord, into buffer: inout ByteBuffer) {
        var writer = JSONWriter(capacity: 256)
        write(user, into: &writer)
        buffer.writeBytes(writer.bytes)
    }

    public static func encode(_ user: UserRecord) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(256)
        write(user, into: &buffer)
        return buffer
    }
}
