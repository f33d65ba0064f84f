import ServiceKit

/// The schema of user-consumer, in version order. Never edit a shipped migration: add the next one.
/// The runner applies these at start-up, before the server takes traffic.
enum UserConsumerMigrations {
    static let all: [Migration] = []
}
