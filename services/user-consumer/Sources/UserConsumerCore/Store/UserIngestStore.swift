import Contracts

/// A user as the ingest consumer stores it: the record and the id of the message that carried it.
public struct IngestedUser: Sendable, Hashable {
    public let record: UserRecord
    public let messageID: String

    public init(record: UserRecord, messageID: String) {
        self.record = record
        self.messageID = messageID
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
