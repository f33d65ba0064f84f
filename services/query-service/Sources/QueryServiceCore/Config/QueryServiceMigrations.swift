import ServiceKit

/// The schema of query-service, in version order. Never edit a shipped migration: add the next one.
/// The runner applies these at start-up, before the server takes traffic.
///
/// None so far: query-service only reads the `logs` table, which log-worker owns and creates
/// (`LogWorkerMigrations`). Until it exists, the log endpoints answer 503.
enum QueryServiceMigrations {
    static let all: [Migration] = []
}
