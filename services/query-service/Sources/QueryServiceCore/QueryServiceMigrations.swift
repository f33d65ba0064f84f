import ServiceKit

/// The schema of query-service, in version order. Never edit a shipped migration: add the next one.
/// The runner applies these at start-up, before the server takes traffic.
enum QueryServiceMigrations {
    static let all: [Migration] = []
}
