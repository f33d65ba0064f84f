import Contracts

/// A user as the ingest consumer stores it: sealed for the table (``StoredUser``) and the id of
/// the message that carried it.
///
/// Why sealed already: AES-GCM sealing was a third of the consumer's CPU; the batch consumer
/// decodes its batches in parallel but stores them one after another, so the decode stage seals.
public struct IngestedUser: Sendable, Hashable {
    public let user: StoredUser
    public let messageID: String

    public init(user: StoredUser, messageID: String) {
        self.user = user
        self.messageID = messageID
    }

    /// `record` with its address sealed by `cipher`.
    public init(sealing record: UserRecord, messageID: String, with cipher: EmailCipher) throws {
        self.init(user: try StoredUser(sealing: record, with: cipher), messageID: messageID)
    }
}

/// Where the ingest consumer stores the users of its batches (the HTTP API reads and writes the
/// same table through ``UserStore``).
public protocol UserIngestStore: Sendable {
    /// Inserts or updates `users` by id, all or none. A user whose stored fields already equal the
    /// given ones is left untouched (its `updated_at` too), so storing the same batch twice changes
    /// nothing. When an id appears more than once, the last one wins.
    ///
    /// Returns the users as committed (one per id, e-mail sealed), for the cache and the change
    /// channel to catch up.
    @discardableResult
    func upsert(_ users: [IngestedUser]) async throws -> [StoredUser]
}

extension [IngestedUser] {
    /// One user per id, the last of each (the order they were given in otherwise): what an upsert
    /// of these users leaves in the table.
    var lastOfEachID: [IngestedUser] {
        var latest: [Int64: Int] = [:]
        for (index, user) in enumerated() { latest[user.user.id] = index }
        return indices.filter { latest[self[$0].user.id] == $0 }.map { self[$0] }
    }
}
