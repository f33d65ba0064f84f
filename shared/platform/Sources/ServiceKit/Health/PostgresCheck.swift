import Logging
import PostgresNIO

/// PostgreSQL answers `SELECT 1` through the service's own pool, so readiness also proves the
/// pool can hand out a connection. The database holds the source of truth, so it is
/// ``DependencyRole/required``.
public struct PostgresCheck: DependencyCheck {
    public let name: String
    public var role: DependencyRole { .required }
    private let client: PostgresClient
    private let logger: Logger

    public init(name: String = "postgres", client: PostgresClient, logger: Logger) {
        self.name = name
        self.client = client
        self.logger = logger
    }

    public func check() async throws {
        let rows = try await client.query("SELECT 1", logger: logger)
        for try await _ in rows.decode(Int.self) {}
    }
}
