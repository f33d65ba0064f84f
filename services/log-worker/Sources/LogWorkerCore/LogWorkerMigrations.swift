import ServiceKit

/// The schema of log-worker, in version order. Never edit a shipped migration: add the next one.
/// The runner applies these at start-up, before the server takes traffic.
enum LogWorkerMigrations {
    static let all: [Migration] = []
}
