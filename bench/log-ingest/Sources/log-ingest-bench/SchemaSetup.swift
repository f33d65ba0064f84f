import LogWorkerCore
import Logging
import PostgresNIO
import ServiceKit

/// Applies log-worker's own migrations to a database, so that the ceiling's table and indexes are
/// exactly the ones the workers insert into.
enum SchemaSetup {
    static func apply(to config: PostgresConfig) async throws {
        let logger = Logger(label: "log-ingest-bench")
        let client = PostgresClient(configuration: config.clientConfiguration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await MigrationRunner(
                service: LogWorkerApplication.name, migrations: LogWorkerMigrations.all, client: client, logger: logger
            ).run()
        }
    }
}
