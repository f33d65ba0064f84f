import Synchronization
import UserConsumerCore

/// ``UserCache`` in memory, for route tests: entries a fill creates only when absent, and
/// deletion marks that lookups report as ``UserCacheLookup/deleted``, as ``RedisUserCache`` does.
final class InMemoryUserCache: UserCache {
    private enum Entry {
        case user(StoredUser)
        case deleted
    }

    private let entries = Mutex<[Int64: Entry]>([:])

    func markDeleted(_ id: Int64) {
        entries.withLock { $0[id] = .deleted }
    }

    /// The user cached under `id`, if one is (not a deletion mark).
    func cached(_ id: Int64) -> StoredUser? {
        entries.withLock { entries in
            if case .user(let user) = entries[id] { return user }
            return nil
        }
    }

    func lookup(id: Int64) async -> UserCacheLookup {
        entries.withLock { entries in
            switch entries[id] {
            case .user(let user): return .hit(user)
            case .deleted: return .deleted
            case nil: return .miss
            }
        }
    }

    func fill(_ user: StoredUser) async {
        entries.withLock { entries in
            if entries[user.id] == nil { entries[user.id] = .user(user) }
        }
    }
}
