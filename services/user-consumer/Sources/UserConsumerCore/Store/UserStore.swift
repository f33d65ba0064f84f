/// The reads and writes of the HTTP API on the stored users (PostgreSQL is the source of truth;
/// the cache is derived from it).
///
/// Every method is one statement: nothing is read before a write to decide it, so two clients
/// racing on the same id get exactly one success.
public protocol UserStore: Sendable {
    /// Up to `limit` users with an id above `after`, in id order (keyset: the cost does not grow with
    /// how far the walk has gone).
    func page(after: Int64, limit: Int) async throws -> [StoredUser]

    /// The user `id`, or nil.
    func user(id: Int64) async throws -> StoredUser?

    /// The users among `ids` that exist, in id order.
    func users(ids: [Int64]) async throws -> [StoredUser]

    /// Inserts `user` unless its id exists; true when inserted, false when the id was taken (the
    /// database decides, so concurrent inserts of one id give one `true`).
    func insert(_ user: StoredUser, messageID: String) async throws -> Bool

    /// Deletes user `id`; true when it existed.
    func delete(id: Int64) async throws -> Bool
}
