import Contracts
import Foundation
import NIOCore

/// How a ``StoredUser`` is written into its Redis key: compact JSON of the stored row, keys sorted,
/// absent values as `null`, the e-mail still sealed (base64 of the stored bytes), so Redis never
/// holds an address in clear:
///
/// `{"created_at":1700000000,"deleted_at":null,"email_sealed":"…","first_name":"Ada","id":7,
/// "last_name":"Lovelace","merged_at":null,"parent_user_id":null}`
///
/// Every cache hit decodes one, so both directions use the shared ``JSONWriter`` and ``JSONReader``
/// (profiled: Foundation's `JSONDecoder` took about 8% of the process at 16,000 requests/s).
/// ``decode(_:)`` reads exactly this layout and nothing else: any other value (another version's, a tombstone) throws, and the
/// caller treats the key as a miss.
enum CachedUserValue {
    /// The value of a key whose user was deleted: not JSON, so it can never be read as a user.
    static let tombstone: [UInt8] = Array("deleted".utf8)

    static func encode(_ user: StoredUser) -> [UInt8] {
        var writer = JSONWriter(capacity: 160 + user.emailSealed.count * 4 / 3)
        writer.raw("{\"created_at\":")
        writer.integer(user.createdAt)
        writer.raw(",\"deleted_at\":")
        writer.integer(user.deletedAt)
        writer.raw(",\"email_sealed\":")
        writer.string(Data(user.emailSealed).base64EncodedString())
        writer.raw(",\"first_name\":")
        writer.string(user.firstName)
        writer.raw(",\"id\":")
        writer.integer(user.id)
        writer.raw(",\"last_name\":")
        writer.string(user.lastName)
        writer.raw(",\"merged_at\":")
        writer.integer(user.mergedAt)
        writer.raw(",\"parent_user_id\":")
        writer.integer(user.parentUserID)
        writer.raw("}")
        return writer.bytes
    }

    /// The user in `value`; throws ``CachedUserValueError`` when it is not a value ``encode(_:)`` wrote.
    static func decode(_ value: ByteBuffer) throws(CachedUserValueError) -> StoredUser {
        let user = value.withUnsafeReadableBytes { raw -> StoredUser? in
            try? read(
                UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
        }
        guard let user else { throw .notACachedUser }
        return user
    }

    static func decode(_ bytes: [UInt8]) throws(CachedUserValueError) -> StoredUser {
        try decode(ByteBuffer(bytes: bytes))
    }

    /// Reads exactly the layout ``encode(_:)`` writes, with the shared ``JSONReader``.
    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws -> StoredUser {
        var reader = JSONReader(bytes)
        try reader.expect("{\"created_at\":")
        let createdAt = try optionalInteger(&reader)
        try reader.expect(",\"deleted_at\":")
        let deletedAt = try optionalInteger(&reader)
        try reader.expect(",\"email_sealed\":")
        guard let sealed = Data(base64Encoded: try reader.readString()) else {
            throw CachedUserValueError.notACachedUser
        }
        try reader.expect(",\"first_name\":")
        let firstName = try reader.readString()
        try reader.expect(",\"id\":")
        let id = try reader.readInteger()
        try reader.expect(",\"last_name\":")
        let lastName = try reader.readString()
        try reader.expect(",\"merged_at\":")
        let mergedAt = try optionalInteger(&reader)
        try reader.expect(",\"parent_user_id\":")
        let parent = try optionalInteger(&reader)
        try reader.expect("}")
        // Exactly the bytes encode(_:) writes: not even whitespace after them.
        guard reader.index == bytes.count else { throw CachedUserValueError.notACachedUser }
        return StoredUser(
            id: id, firstName: firstName, lastName: lastName, emailSealed: Array(sealed), createdAt: createdAt,
            deletedAt: deletedAt, mergedAt: mergedAt, parentUserID: parent)
    }

    private static func optionalInteger(_ reader: inout JSONReader) throws(JSONSyntaxError) -> Int64? {
        try reader.consumeNull() ? nil : try reader.readInteger()
    }
}

/// A cached value that is not a user this version wrote.
enum CachedUserValueError: Error {
    case notACachedUser
    /// The value under one user's key holds another user.
    case otherUser
}
