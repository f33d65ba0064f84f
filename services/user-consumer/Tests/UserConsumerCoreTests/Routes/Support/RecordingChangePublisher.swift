import Synchronization
import UserConsumerCore

/// ``UserChangePublisher`` that remembers what it was told, in order, for route tests.
final class RecordingChangePublisher: UserChangePublisher {
    private let log = Mutex<(committed: [Int64], deleted: [Int64])>(([], []))

    var committedIDs: [Int64] { log.withLock { $0.committed } }
    var deletedIDs: [Int64] { log.withLock { $0.deleted } }

    func committed(_ users: [StoredUser]) async {
        log.withLock { $0.committed += users.map(\.id) }
    }

    func deleted(id: Int64) async {
        log.withLock { $0.deleted.append(id) }
    }
}
