/// The changed users one `/users/sse?follow=true` stream was told about and has not sent yet.
///
/// The stream subscribes to the changes channel before it walks the table, so nothing committed
/// after it started is missed; this feed decides which of those changes the walk already carried:
/// - every announcement gets a receipt number; an id keeps the number of its latest announcement;
/// - before each page query the walk takes a ``mark()``; when the page comes back,
///   ``walked(_:readAfter:)`` drops the ids it holds that were announced at or before that mark.
///   Announced before the query started means committed before it started (ids are published
///   after the commit), so the page already shows that change (or a later one);
/// - what is left is sent after the walk (``next(limit:timeout:)``), read fresh from PostgreSQL.
///   A change announced while the query of its page ran may therefore come twice, the second
///   time with the user's current state; a change is never lost.
///
/// Bounded: past `capacity` distinct pending ids the feed gives up (``Next/overflowed``) and the
/// stream ends with an error event; the client reconnects with `Last-Event-ID`.
actor UserChangeFeed {
    enum Next: Sendable, Equatable {
        /// Ids changed since they were last sent or walked, in id order.
        case changed([Int64])
        /// Nothing changed within the timeout.
        case idle
        case overflowed
        /// The subscription ended (shutdown).
        case finished
    }

    let capacity: Int
    private var receipts: UInt64 = 0
    /// Pending ids, each with the receipt number of its latest announcement.
    private var pending: [Int64: UInt64] = [:]
    private var overflowed = false
    private var finished = false
    /// The stream, while it waits in ``next(limit:timeout:)``.
    private var waiter: CheckedContinuation<Void, Never>?
    /// Counts waits, so that a late timer of an earlier wait cannot end the current one.
    private var waitNumber = 0

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    func announce(_ ids: [Int64]) {
        guard !overflowed else { return }
        receipts += 1
        for id in ids { pending[id] = receipts }
        if pending.count > capacity {
            overflowed = true
            pending = [:]
        }
        wake()
    }

    func finish() {
        finished = true
        wake()
    }

    /// The receipt number of the latest announcement; take it just before a page query.
    func mark() -> UInt64 { receipts }

    /// The walk read `ids` with a query that started after ``mark()`` returned `mark`.
    func walked(_ ids: [Int64], readAfter mark: UInt64) {
        for id in ids {
            if let receipt = pending[id], receipt <= mark { pending[id] = nil }
        }
    }

    /// Up to `limit` pending ids, the smallest first; waits up to `timeout` for one to arrive.
    func next(limit: Int, timeout: Duration) async -> Next {
        if pending.isEmpty && !overflowed && !finished { await wait(timeout) }
        if overflowed { return .overflowed }
        if !pending.isEmpty {
            let ids = Array(pending.keys.sorted().prefix(limit))
            for id in ids { pending[id] = nil }
            return .changed(ids)
        }
        return finished || Task.isCancelled ? .finished : .idle
    }

    var pendingCount: Int { pending.count }
    var isWaiting: Bool { waiter != nil }

    private func wait(_ timeout: Duration) async {
        waitNumber += 1
        let number = waitNumber
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.endWait(number)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiter = $0 }
        } onCancel: {
            Task { await self.endWait(number) }
        }
        timer.cancel()
    }

    private func endWait(_ number: Int) {
        guard number == waitNumber else { return }
        wake()
    }

    private func wake() {
        waiter?.resume()
        waiter = nil
    }
}
