/// Where log-worker keeps the log records it consumed: the table query-service reads.
public protocol LogStore: Sendable {
    /// Inserts `logs` all or none, skipping every record whose id is already stored (or appears
    /// earlier in `logs`), so that storing the same records again changes nothing. Returns how
    /// many rows were new.
    func insert(_ logs: [IncomingLog]) async throws -> Int
}
