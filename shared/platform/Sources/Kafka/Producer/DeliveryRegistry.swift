import Synchronization

/// The records a producer has enqueued and not yet heard back about: one continuation per record,
/// found again by the id that travels with the record through librdkafka (its `opaque`) and comes
/// back in the delivery report. Also the gate that keeps `send` from using the handle once it is
/// closing.
///
/// The id is a slot number (plus one: librdkafka passes it as a pointer, and nil means "no id").
/// Slots of answered records are reused, so a registration costs no hashing and, once the table
/// has grown to the most records ever in flight, no allocation. A slot is reused only after its
/// record's one and only report (or its failed enqueue, which has none), so no report can reach
/// the wrong `send`.
final class DeliveryRegistry: Sendable {
    typealias Waiter = UnsafeContinuation<SendOutcome, Never>

    private struct State {
        var isAccepting = true
        /// `send` calls between admission and the end of their `rd_kafka_produceva` call: the
        /// handle may not be destroyed while any is inside.
        var enqueuing = 0
        var waiters: [Waiter?] = []
        var freeSlots: [Int] = []
        var inFlight = 0
    }

    private let state = Mutex(State())

    /// Registers `waiter` before its record is enqueued (the report may arrive before
    /// `rd_kafka_produceva` returns) and returns the record's id; `nil` when the producer is closing.
    func admit(_ waiter: Waiter) -> UInt? {
        state.withLock { state in
            guard state.isAccepting else { return nil }
            let slot: Int
            if let free = state.freeSlots.popLast() {
                slot = free
                state.waiters[slot] = waiter
            } else {
                slot = state.waiters.count
                state.waiters.append(waiter)
            }
            state.enqueuing += 1
            state.inFlight += 1
            return UInt(slot + 1)
        }
    }

    /// Ends an admission. If the enqueue failed, no report will come: the waiter is handed back.
    func enqueueFinished(_ id: UInt, failed: Bool) -> Waiter? {
        state.withLock { state in
            state.enqueuing -= 1
            return failed ? Self.take(Int(id) - 1, from: &state) : nil
        }
    }

    /// Takes the waiters of `outcomes` (one lock for a whole poll's reports) and appends them, each
    /// with what its `send` learns, to `resumptions`, for the caller to resume outside the lock.
    func takeWaiters(for outcomes: [DeliveryOutcome], into resumptions: inout [(Waiter, SendOutcome)]) {
        state.withLock { state in
            for outcome in outcomes {
                guard let waiter = Self.take(Int(outcome.messageID) - 1, from: &state) else { continue }
                resumptions.append((waiter, outcome.sendOutcome))
            }
        }
    }

    /// Stops admitting and tells whether a `send` is still inside `rd_kafka_produceva`.
    func stopAccepting() -> Bool {
        state.withLock { state in
            state.isAccepting = false
            return state.enqueuing > 0
        }
    }

    var inFlight: Int { state.withLock { $0.inFlight } }

    /// After the handle is gone: whatever never got a report learns it stays unanswered.
    func failAll() {
        let waiters = state.withLock { state -> [Waiter] in
            defer {
                state.waiters = []
                state.freeSlots = []
                state.inFlight = 0
            }
            return state.waiters.compactMap { $0 }
        }
        for waiter in waiters { waiter.resume(returning: .unanswered) }
    }

    private static func take(_ slot: Int, from state: inout State) -> Waiter? {
        guard state.waiters.indices.contains(slot), let waiter = state.waiters[slot] else { return nil }
        state.waiters[slot] = nil
        state.freeSlots.append(slot)
        state.inFlight -= 1
        return waiter
    }
}
