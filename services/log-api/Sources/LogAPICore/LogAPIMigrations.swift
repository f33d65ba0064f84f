import ServiceKit

/// The schema of log-api, in version order. Never edit a shipped migration: add the next one.
/// The runner applies these at start-up, before the server takes traffic.
enum LogAPIMigrations {
    static let all: [Migration] = []
}
