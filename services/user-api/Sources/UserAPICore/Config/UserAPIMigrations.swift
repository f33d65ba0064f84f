import ServiceKit

/// The schema of user-api, in version order. Never edit a shipped migration: add the next one.
/// The runner applies these at start-up, before the server takes traffic.
enum UserAPIMigrations {
    static let all: [Migration] = []
}
