import Foundation

/// How a ``StoredUser`` is written into its Redis key: compact JSON of the stored row, the e-mail
/// still sealed (base64 of the stored bytes), so Redis never holds an address in clear.
///
/// `{"created_at":1700000000,"deleted_at":null,"email_sealed":"…","first_name":"Ada","id":7,…}`
enum CachedUserValue {
    /// The value of a key whose user was deleted: not JSON, so it can never be read as a user.
    static let tombstone: [UInt8] = Array("deleted".utf8)

    private struct Fields: Codable {
        let id: Int64
        let firstName: String
        let lastName: String
        let emailSealed: String
        let createdAt: Int64?
        let deletedAt: Int64?
        let mergedAt: Int64?
        let parentUserID: Int64?

        enum CodingKeys: String, CodingKey {
            case id
            case firstName = "first_name"
            case lastName = "last_name"
            case emailSealed = "email_sealed"
            case createdAt = "created_at"
            case deletedAt = "deleted_at"
            case mergedAt = "merged_at"
            case parentUserID = "parent_user_id"
        }

        // Absent optionals are written as null (not left out), so every value has the same fields.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(firstName, forKey: .firstName)
            try container.encode(lastName, forKey: .lastName)
            try container.encode(emailSealed, forKey: .emailSealed)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(deletedAt, forKey: .deletedAt)
            try container.encode(mergedAt, forKey: .mergedAt)
            try container.encode(parentUserID, forKey: .parentUserID)
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    static func encode(_ user: StoredUser) throws -> [UInt8] {
        Array(
            try encoder.encode(
                Fields(
                    id: user.id, firstName: user.firstName, lastName: user.lastName,
                    emailSealed: Data(user.emailSealed).base64EncodedString(), createdAt: user.createdAt,
                    deletedAt: user.deletedAt, mergedAt: user.mergedAt, parentUserID: user.parentUserID)))
    }

    /// The user in `bytes`; throws ``CachedUserValueError`` when they are not a cached user.
    static func decode(_ bytes: some Collection<UInt8>) throws -> StoredUser {
        let fields = try decoder.decode(Fields.self, from: Data(bytes))
        guard let sealed = Data(base64Encoded: fields.emailSealed) else { throw CachedUserValueError.notBase64 }
        return StoredUser(
            id: fields.id, firstName: fields.firstName, lastName: fields.lastName, emailSealed: Array(sealed),
            createdAt: fields.createdAt, deletedAt: fields.deletedAt, mergedAt: fields.mergedAt,
            parentUserID: fields.parentUserID)
    }
}

/// A cached value that is not a user (written by something else, or by another version).
enum CachedUserValueError: Error {
    case notBase64
    /// The value under one user's key holds another user.
    case otherUser
}
