import Contracts

/// Where log records are stored.
public protocol LogRepository: Sendable {
    /// Inserts `records` all or none, skipping every record whose id is already stored (or appears
    /// earlier in `records`), so that storing the same records again changes nothing. Returns how
    /// many rows were new.
    func insert(_ records: [LogRecord]) async throws -> Int
}
