import Synchronization

/// Runs one piece of work per key at a time in this process: callers that ask for a key while its
/// work is in flight wait for that work and share its result (or its error) instead of starting
/// their own. What a cache puts in front of its source, so a burst of misses of one key makes one
/// query.
///
/// A result is shared only with callers that arrive while the work runs; the next call after it
/// finished starts afresh. Cancelling a waiting caller does not cancel the shared work.
public final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let inFlight = Mutex<[Key: Task<Value, any Error>]>([:])

    public init() {}

    public func run(_ key: Key, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let (task, started) = inFlight.withLock { flights in
            if let running = flights[key] { return (running, false) }
            let task = Task { try await work() }
            flights[key] = task
            return (task, true)
        }
        // The caller that started the work ends its flight (once it has finished), so a later
        // call reads afresh.
        defer { if started { _ = inFlight.withLock { $0.removeValue(forKey: key) } } }
        return try await task.value
    }

    /// How many keys have work in flight.
    public var count: Int { inFlight.withLock { $0.count } }
}
