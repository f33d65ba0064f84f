/// What `GET /users/{id}` reads users through before PostgreSQL (``RedisUserCache`` in the service).
///
/// Contract: derived data only, so neither method throws (a cache that fails answers
/// ``UserCacheLookup/miss`` and PostgreSQL answers), and a fill never replaces what is there: a
/// user read before a newer commit or a delete cannot overwrite it.
public protocol UserCache: Sendable {
    /// What the cache holds for user `id`.
    func lookup(id: Int64) async -> UserCacheLookup
    /// Caches `user`, just read from PostgreSQL, unless its entry exists (a newer value or a deletion).
    func fill(_ user: StoredUser) async
}

/// What a ``UserCache`` holds for one user.
public enum UserCacheLookup: Sendable, Equatable {
    case hit(StoredUser)
    /// Not cached, or the cache did not answer.
    case miss
    /// Deleted recently: read PostgreSQL, and don't fill.
    case deleted
}
