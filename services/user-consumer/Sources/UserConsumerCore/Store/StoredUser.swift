import Contracts

/// One row of the `users` table as stored: the e-mail address still sealed by ``EmailCipher``.
///
/// This is the form that travels between PostgreSQL, the Redis cache and the API's handlers, so
/// an address is in clear only in the answer to a client. Times are Unix seconds, `nil` for none.
public struct StoredUser: Sendable, Hashable {
    public let id: Int64
    public let firstName: String
    public let lastName: String
    /// nonce + ciphertext + tag, as ``EmailCipher/seal(_:userID:)`` made it.
    public let emailSealed: [UInt8]
    public let createdAt: Int64?
    public let deletedAt: Int64?
    public let mergedAt: Int64?
    public let parentUserID: Int64?

    public init(
        id: Int64, firstName: String, lastName: String, emailSealed: [UInt8], createdAt: Int64?,
        deletedAt: Int64?, mergedAt: Int64?, parentUserID: Int64?
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.emailSealed = emailSealed
        self.createdAt = createdAt
        self.deletedAt = deletedAt
        self.mergedAt = mergedAt
        self.parentUserID = parentUserID
    }

    /// `record` with its address sealed for storage.
    public init(sealing record: UserRecord, with cipher: EmailCipher) throws {
        self.init(
            id: record.id, firstName: record.firstName, lastName: record.lastName,
            emailSealed: try cipher.seal(record.emailAddress, userID: record.id), createdAt: record.createdAt,
            deletedAt: record.deletedAt, mergedAt: record.mergedAt, parentUserID: record.parentUserID)
    }

    /// The user with its address in clear, as the API answers it; throws when the sealed bytes do
    /// not open with `cipher`'s key.
    public func opened(with cipher: EmailCipher) throws -> UserRecord {
        UserRecord(
            id: id, firstName: firstName, lastName: lastName, emailAddress: try cipher.open(emailSealed),
            createdAt: createdAt, deletedAt: deletedAt, mergedAt: mergedAt, parentUserID: parentUserID)
    }
}
