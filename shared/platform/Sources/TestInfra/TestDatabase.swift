import Logging
import PostgresNIO
import ServiceKit

/// A database of its own for one test on the shared PostgreSQL server, dropped afterwards.
public enum TestDatabase {
    /// Creates a fresh database, runs `body` with its configuration, then drops it (also when
    /// `body` throws).
    public static func with<T: Sendable>(
        _ servers: TestServers, _ body: (PostgresConfig) async throws -> T
    ) async throws -> T {
        let server = try servers.postgres
        let name = TestNames.unique("test")
        try await execute(on: server, "CREATE DATABASE \(name)")
        do {
            let result = try await body(server.with(database: name))
            try await execute(on: server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return result
        } catch {
            try? await execute(on: server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs one statement on a single short-lived connection to `config`'s database.
    public static func execute(on config: PostgresConfig, _ sql: String) async throws {
        let logger = Logger(label: "test-database")
        let connection = try await PostgresConnection.connect(
            configuration: .init(
                host: config.host, port: config.port, username: config.username, password: config.password,
                database: config.database, tls: .disable),
            id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Runs a PostgresNIO pool for the duration of `body`, as a service's ServiceGroup would.
public func withPostgresClient<T: Sendable>(
    _ config: PostgresConfig, _ body: @Sendable (PostgresClient) async throws -> T
) async throws -> T {
    let client = PostgresClient(
        configuration: config.clientConfiguration, backgroundLogger: Logger(label: "test-postgres"))
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            await client.run()
            return nil
        }
        defer { group.cancelAll() }
        return try await body(client)
    }
}
