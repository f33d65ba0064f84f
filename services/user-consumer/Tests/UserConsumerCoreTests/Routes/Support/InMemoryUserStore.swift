import Synchronization
import UserConsumerCore

/// ``UserStore`` over users held in memory, for route tests: keyset pages in id order, inserts
/// that refuse a taken id, deletes that say whether the user existed. Counts single-user reads, so
/// a test can tell an answer from the cache from one read here.
final class InMemoryUserStore: UserStore {
    private struct State {
        var users: [Int64: StoredUser] = [:]
        var singleReads = 0
    }

    private let state = Mutex(State())

    init(_ users: [StoredUser] = []) {
        state.withLock { state in
            for user in users { state.users[user.id] = user }
        }
    }

    /// How many times ``user(id:)`` was called.
    var singleReads: Int { state.withLock { $0.singleReads } }

    func stored(_ id: Int64) -> StoredUser? { state.withLock { $0.users[id] } }

    func page(after: Int64, limit: Int) async throws -> [StoredUser] {
        state.withLock { state in
            Array(state.users.values.filter { $0.id > after }.sorted { $0.id < $1.id }.prefix(limit))
        }
    }

    func user(id: Int64) async throws -> StoredUser? {
        state.withLock { state in
            state.singleReads += 1
            return state.users[id]
        }
    }

    func users(ids: [Int64]) async throws -> [StoredUser] {
        state.withLock { state in ids.compactMap { state.users[$0] }.sorted { $0.id < $1.id } }
    }

    func insert(_ user: StoredUser, messageID: String) async throws -> Bool {
        state.withLock { state in
            guard state.users[user.id] == nil else { return false }
            state.users[user.id] = user
            return true
        }
    }

    func delete(id: Int64) async throws -> Bool {
        state.withLock { $0.users.removeValue(forKey: id) != nil }
    }
}
