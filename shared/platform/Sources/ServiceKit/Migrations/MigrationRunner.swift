import Logging
import PostgresNIO

/// Applies a service's migrations at start-up, each in its own transaction, recorded in
/// `tributary_schema_migrations`.
///
/// Several replicas, and several services sharing one database, may start at once: the whole run
/// holds one PostgreSQL advisory lock, so exactly one process applies a given migration (and creates
/// the record table) while the others wait, then find it recorded and skip it. Migrations are short,
/// so one lock for all services costs nothing worth a finer one.
public struct MigrationRunner: Sendable {
    public let service: String
    public let migrations: [Migration]
    private let client: PostgresClient
    private let logger: Logger

    public init(service: String, migrations: [Migration], client: PostgresClient, logger: Logger) {
        precondition(
            migrations.map(\.version) == migrations.map(\.version).sorted()
                && Set(migrations.map(\.version)).count == migrations.count,
            "migrations of \(service) must have unique, ascending versions")
        self.service = service
        self.migrations = migrations
        self.client = client
        self.logger = logger
    }

    /// The advisory lock key: a stable hash of a fixed name, as the signed 64-bit key PostgreSQL takes.
    static let lockKey: Int64 = {
        var hash = FNV1a()
        hash.combine("tributary.schema-migrations".utf8)
        return Int64(bitPattern: hash.value)
    }()

    /// Applies what is missing and returns the versions this call applied (empty when up to date).
    @discardableResult
    public func run() async throws -> [Int] {
        let service = self.service
        let lockKey = Self.lockKey
        return try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                let applied = try await applyPending(on: connection)
                try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                return applied
            } catch {
                // A failed statement leaves the session usable once its transaction is rolled back;
                // the lock must not outlive this run, or the next replica would wait forever.
                _ = try? await connection.query("ROLLBACK", logger: logger)
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                logger.error("migrations failed", metadata: ["service": "\(service)", "error": "\(error)"])
                throw error
            }
        }
    }

    private func applyPending(on connection: PostgresConnection) async throws -> [Int] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS tributary_schema_migrations (
                service text NOT NULL,
                version integer NOT NULL,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (service, version)
            )
            """, logger: logger)

        var recorded: [Int: String] = [:]
        let rows = try await connection.query(
            "SELECT version, checksum FROM tributary_schema_migrations WHERE service = \(service)", logger: logger)
        for try await (version, checksum) in rows.decode((Int, String).self) { recorded[version] = checksum }

        var applied: [Int] = []
        for migration in migrations {
            if let checksum = recorded[migration.version] {
                guard checksum == migration.checksum else {
                    throw MigrationError(
                        service: service, version: migration.version,
                        reason: "'\(migration.name)' was changed after it was applied; add a new migration instead")
                }
                continue
            }
            try await connection.query("BEGIN", logger: logger)
            for statement in migration.statements {
                do {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                } catch let error as PSQLError {
                    throw MigrationError(
                        service: service, version: migration.version,
                        reason:
                            "'\(migration.name)' failed: \(error.serverInfo?[.message] ?? String(reflecting: error))")
                }
            }
            try await connection.query(
                """
                INSERT INTO tributary_schema_migrations (service, version, name, checksum)
                VALUES (\(service), \(migration.version), \(migration.name), \(migration.checksum))
                """, logger: logger)
            try await connection.query("COMMIT", logger: logger)
            logger.info(
                "applied migration",
                metadata: ["service": "\(service)", "version": "\(migration.version)", "name": "\(migration.name)"])
            applied.append(migration.version)
        }
        return applied
    }
}
