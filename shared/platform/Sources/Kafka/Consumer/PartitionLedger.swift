import Synchronization

/// Per partition: whether this member owns it, the offset after the last record handed to the
/// application, and the offset last committed. Commits are refused for partitions this member no
/// longer owns, and graceful shutdown waits until everything handed out has been committed.
final class PartitionLedger: Sendable {
    private struct State {
        var assigned: Set<KafkaTopicPartition> = []
        /// Next offset after the last record handed to the application, per assigned partition.
        var delivered: [KafkaTopicPartition: Int64] = [:]
        var committed: [KafkaTopicPartition: Int64] = [:]
        var drainWaiters: [UInt: CheckedContinuation<Void, Never>] = [:]
        var nextWaiterID: UInt = 0

        var isDrained: Bool {
            delivered.allSatisfy { partition, next in committed[partition, default: -1] >= next }
        }

        mutating func takeWaitersIfDrained() -> [CheckedContinuation<Void, Never>] {
            guard isDrained else { return [] }
            defer { drainWaiters = [:] }
            return Array(drainWaiters.values)
        }
    }

    private let state = Mutex(State())

    var assignment: Set<KafkaTopicPartition> { state.withLock { $0.assigned } }

    func isAssigned(_ partition: KafkaTopicPartition) -> Bool {
        state.withLock { $0.assigned.contains(partition) }
    }

    func unassigned(among partitions: some Sequence<KafkaTopicPartition>) -> Set<KafkaTopicPartition> {
        state.withLock { state in Set(partitions.filter { !state.assigned.contains($0) }) }
    }

    func assign(_ partitions: [KafkaTopicPartition]) {
        state.withLock { $0.assigned.formUnion(partitions) }
    }

    func revoke(_ partitions: [KafkaTopicPartition]) {
        let waiters = state.withLock { state in
            for partition in partitions {
                state.assigned.remove(partition)
                state.delivered[partition] = nil
                state.committed[partition] = nil
            }
            return state.takeWaitersIfDrained()
        }
        for waiter in waiters { waiter.resume() }
    }

    func revokeAll() {
        revoke(Array(assignment))
    }

    func markDelivered(_ message: KafkaMessage) {
        state.withLock { state in
            let partition = message.topicPartition
            guard state.assigned.contains(partition) else { return }
            state.delivered[partition] = max(state.delivered[partition] ?? 0, message.offset + 1)
        }
    }

    func markCommitted(_ offsets: [KafkaTopicPartition: Int64]) {
        let waiters = state.withLock { state in
            for (partition, offset) in offsets where state.assigned.contains(partition) {
                state.committed[partition] = max(state.committed[partition] ?? -1, offset)
            }
            return state.takeWaitersIfDrained()
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once every record handed to the application has been committed (or its partition
    /// revoked), or when the task is cancelled.
    func waitUntilDrained() async {
        let id = state.withLock { state -> UInt in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isDrained || Task.isCancelled { return true }
                    state.drainWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.drainWaiters.removeValue(forKey: id) }?.resume()
        }
    }
}
