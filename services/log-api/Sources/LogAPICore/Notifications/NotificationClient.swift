import Contracts
import Foundation
import Synchronization

/// One subscriber (a WebSocket or an SSE stream): what it subscribed to, what it was last sent of each file,
/// and its outbox, a bounded queue its transport drains.
///
/// Guarantees:
/// - The first message for a file subscribed by id is its snapshot: changes that arrive while the snapshot is
///   being read are held (``beginSnapshots(_:)``) and sent after it, those not newer than it left out.
/// - Never an older state after a newer one for a file: every message is compared by ``FileProgressOrder`` with
///   the last one sent, and a state not newer is left out (a snapshot equal to it is sent: after a Redis outage
///   it tells the client it is up to date).
/// - Bounded: at most `capacity` messages wait, held changes included. One more and the client is *overflowed*:
///   nothing more is queued, ``next()`` ends, and the caller drops the client instead of waiting for it, so a
///   slow client never slows the others.
final class NotificationClient: Sendable {
    enum Offer: Equatable {
        case queued
        case ignored
        /// The outbox was full: the client must be dropped.
        case overflowed
    }

    let capacity: Int
    /// Closes the transport under a client that is dropped (the WebSocket's channel, the SSE response).
    private let close: @Sendable () -> Void

    private struct State {
        var allFiles = false
        var files: Set<UUID> = []
        /// Files whose snapshot is being read, with the changes that came meanwhile.
        var awaitingSnapshot: [UUID: [FileEvent]] = [:]
        var held = 0
        var lastSent: [UUID: FileProgressOrder] = [:]
        var outbox: [NotificationMessage] = []
        var outboxStart = 0
        var waiter: CheckedContinuation<NotificationMessage?, Never>?
        var closed = false

        var waiting: Int { outbox.count - outboxStart + held }
    }

    private let state = Mutex(State())

    init(capacity: Int, close: @escaping @Sendable () -> Void = {}) {
        precondition(capacity >= 1, "a client's outbox holds at least one message")
        self.capacity = capacity
        self.close = close
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    // MARK: Subscriptions

    /// Subscribes to every file: changes of all files from now on.
    func subscribeToAll() {
        state.withLock { $0.allFiles = true }
    }

    /// Subscribes to `ids` and holds their changes until their snapshots come; returns the ids whose snapshot
    /// the caller must read and deliver (``deliver(_:for:)``): the new ones.
    func beginSnapshots(_ ids: [UUID]) -> [UUID] {
        state.withLock { state in
            var fresh: [UUID] = []
            for id in ids where !state.files.contains(id) {
                state.files.insert(id)
                state.awaitingSnapshot[id] = []
                fresh.append(id)
            }
            return fresh
        }
    }

    /// The ids subscribed one by one, for a fresh snapshot after a Redis outage.
    var subscribedFiles: [UUID] { state.withLock { Array($0.files) } }
    var subscribesToAll: Bool { state.withLock { $0.allFiles } }

    func unsubscribe(_ ids: [UUID]) {
        state.withLock { state in
            for id in ids {
                state.files.remove(id)
                if let held = state.awaitingSnapshot.removeValue(forKey: id) { state.held -= held.count }
                state.lastSent[id] = nil
            }
        }
    }

    func unsubscribeFromAll() {
        state.withLock { $0.allFiles = false }
    }

    // MARK: Messages in

    /// What reading a file's status gave.
    enum Snapshot: Sendable {
        case found(FileStatusSnapshot, attempt: Int)
        /// No file has the id: an error message, and the id is no longer followed.
        case missing
        /// PostgreSQL did not answer: an error message; the file stays followed, its changes come.
        case unavailable
    }

    /// A file's snapshot, read for ``beginSnapshots(_:)`` or a resynchronisation; then the changes held
    /// meanwhile that are newer.
    @discardableResult
    func deliver(_ snapshot: Snapshot, for id: UUID) -> Offer {
        let (offer, resume) = state.withLock { state -> (Offer, Resumption?) in
            guard !state.closed, state.allFiles || state.files.contains(id) else { return (.ignored, nil) }
            let held = state.awaitingSnapshot.removeValue(forKey: id) ?? []
            state.held -= held.count
            var offer = Offer.ignored
            var resume: Resumption?
            switch snapshot {
            case .missing:
                state.files.remove(id)
                return Self.enqueue(
                    .error(.notFound, "no file has this id", fileID: id), in: &state, capacity: capacity)
            case .unavailable:
                (offer, resume) = Self.enqueue(
                    .error(
                        .serviceUnavailable,
                        "the file's status cannot be read now (PostgreSQL unavailable); its changes follow",
                        fileID: id), in: &state, capacity: capacity)
            case .found(let snapshot, let attempt):
                let order = FileProgressOrder(snapshot, attempt: attempt)
                if state.lastSent[id].map({ order >= $0 }) ?? true {
                    state.lastSent[id] = order
                    (offer, resume) = Self.enqueue(
                        .snapshot(snapshot, attempt: attempt), in: &state, capacity: capacity)
                }
            }
            for event in held where offer != .overflowed {
                let (next, woken) = Self.send(event, in: &state, capacity: capacity)
                if next != .ignored { offer = next }
                resume = resume ?? woken
            }
            return (offer, resume)
        }
        resume?.run()
        return offer
    }

    /// A change from Redis: queued if the client follows the file and it is newer than what it was sent.
    /// `message` is the event's ``NotificationMessage/change(_:)`` when the caller wrote it once for every
    /// client; without it, it is written here.
    func offer(_ event: FileEvent, as message: NotificationMessage? = nil) -> Offer {
        let (offer, resume) = state.withLock { state -> (Offer, Resumption?) in
            guard !state.closed else { return (.ignored, nil) }
            if state.awaitingSnapshot[event.fileID] != nil {
                guard state.waiting < capacity else { return Self.overflow(&state) }
                state.awaitingSnapshot[event.fileID]?.append(event)
                state.held += 1
                return (.queued, nil)
            }
            guard state.allFiles || state.files.contains(event.fileID) else { return (.ignored, nil) }
            return Self.send(event, as: message, in: &state, capacity: capacity)
        }
        resume?.run()
        return offer
    }

    /// A message of the server's own (an error answer).
    @discardableResult
    func offer(_ message: NotificationMessage) -> Offer {
        let (offer, resume) = state.withLock { state -> (Offer, Resumption?) in
            guard !state.closed else { return (.ignored, nil) }
            return Self.enqueue(message, in: &state, capacity: capacity)
        }
        resume?.run()
        return offer
    }

    // MARK: Messages out

    /// The next message to send; nil once the client is closed (dropped, or its transport ended). Cancelling
    /// the waiting task finishes the client: its transport is going away.
    func next() async -> NotificationMessage? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> NotificationMessage?? in
                    if let message = Self.dequeue(&state) { return .some(message) }
                    if state.closed { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            finish()
        }
    }

    /// Ends the client: ``next()`` returns nil and nothing more is queued.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<NotificationMessage?, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Ends the client and closes its transport at once, without waiting for what it did not read.
    func drop() {
        finish()
        close()
    }

    // MARK: The outbox

    private struct Resumption {
        let waiter: CheckedContinuation<NotificationMessage?, Never>
        let message: NotificationMessage?
        func run() { waiter.resume(returning: message) }
    }

    private static func send(
        _ event: FileEvent, as message: NotificationMessage? = nil, in state: inout State, capacity: Int
    ) -> (Offer, Resumption?) {
        let order = event.order
        if let last = state.lastSent[event.fileID], order <= last { return (.ignored, nil) }
        state.lastSent[event.fileID] = order
        return enqueue(message ?? .change(event), in: &state, capacity: capacity)
    }

    private static func enqueue(
        _ message: NotificationMessage, in state: inout State, capacity: Int
    ) -> (Offer, Resumption?) {
        if let waiter = state.waiter {
            state.waiter = nil
            return (.queued, Resumption(waiter: waiter, message: message))
        }
        guard state.waiting < capacity else { return overflow(&state) }
        state.outbox.append(message)
        return (.queued, nil)
    }

    private static func overflow(_ state: inout State) -> (Offer, Resumption?) {
        state.closed = true
        state.outbox = []
        state.outboxStart = 0
        state.awaitingSnapshot = [:]
        state.held = 0
        defer { state.waiter = nil }
        return (.overflowed, state.waiter.map { Resumption(waiter: $0, message: nil) })
    }

    private static func dequeue(_ state: inout State) -> NotificationMessage? {
        guard state.outboxStart < state.outbox.count else { return nil }
        let message = state.outbox[state.outboxStart]
        state.outboxStart += 1
        if state.outboxStart == state.outbox.count {
            state.outbox.removeAll(keepingCapacity: true)
            state.outboxStart = 0
        } else if state.outboxStart >= 64 && state.outboxStart * 2 >= state.outbox.count {
            state.outbox.removeFirst(state.outboxStart)
            state.outboxStart = 0
        }
        return message
    }
}
