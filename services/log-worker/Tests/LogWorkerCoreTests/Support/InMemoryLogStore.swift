import Foundation
import Synchronization

@testable import LogWorkerCore

/// A ``LogStore`` in memory, with the protocol's guarantees and nothing more: a batch is stored all
/// or none, a record whose id is already stored (or earlier in the batch) is skipped, and the
/// answer is how many were new. Told to, it fails every insert, as PostgreSQL does while it is
/// unreachable.
final class InMemoryLogStore: LogStore {
    struct Unreachable: Error {}

    private struct State {
        var byID: [UUID: IncomingLog] = [:]
        var order: [UUID] = []
        var unreachable = false
    }

    /// Protects the stored records, their order and whether inserts fail.
    private let state = Mutex(State())

    func insert(_ logs: [IncomingLog]) async throws -> Int {
        try state.withLock { state in
            if state.unreachable { throw Unreachable() }
            var inserted = 0
            for log in logs where state.byID[log.id] == nil {
                state.byID[log.id] = log
                state.order.append(log.id)
                inserted += 1
            }
            return inserted
        }
    }

    /// Every stored record, in the order it was first inserted.
    var stored: [IncomingLog] { state.withLock { state in state.order.compactMap { state.byID[$0] } } }

    /// Makes every insert from now on fail (`true`) or work again (`false`).
    func setUnreachable(_ unreachable: Bool) { state.withLock { $0.unreachable = unreachable } }
}
