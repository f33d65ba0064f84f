import Foundation
import ServiceKit

/// The id of the message that carries one user row, or several consecutive rows, derived from the
/// rows' content only, so that publishing the same file twice (with the same `--rows-per-message`)
/// sends the same ids (consumers upsert on the user id anyway).
///
/// One row: `messageID` is `user-<id>-<16 hex digits of FNV-1a 64 over the raw fields>`. Several:
/// `users-<first id>-<count>-<16 hex digits of FNV-1a 64 over the rows' ids>`. `uuid` is a
/// version 8 (custom) UUID made of two FNV-1a 64 hashes of `messageID`, for the envelope.
public struct UserMessageID: Sendable, Hashable {
    public let messageID: String
    public let uuid: UUID

    public init(userID: Int64, fields: [String]) {
        var hash = FNV1a()
        for field in fields {
            hash.combine(field.utf8)
            hash.combine(CollectionOfOne(0x1F))  // unit separator: ["ab","c"] and ["a","bc"] differ
        }
        self.init(messageID: "user-\(userID)-" + Self.hex(hash.value))
    }

    /// The id of one message carrying the rows of `rows` (their ids, in order); `firstUserID` is
    /// the first row's user id.
    public init(rows: some Collection<UserMessageID>, firstUserID: Int64) {
        var hash = FNV1a()
        for row in rows {
            hash.combine(row.messageID.utf8)
            hash.combine(CollectionOfOne(0x1F))
        }
        self.init(messageID: "users-\(firstUserID)-\(rows.count)-" + Self.hex(hash.value))
    }

    private init(messageID: String) {
        self.messageID = messageID
        var high = FNV1a()
        high.combine(messageID.utf8)
        var low = FNV1a(basis: 0x9E37_79B9_7F4A_7C15)
        low.combine(messageID.utf8)
        var bytes =
            withUnsafeBytes(of: high.value.bigEndian, Array.init) + withUnsafeBytes(of: low.value.bigEndian, Array.init)
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
