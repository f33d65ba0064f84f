import Logging
import RabbitMQ

/// Runs `body` with a connected RabbitMQConnection, then shuts it down.
func withConnection(
    _ configuration: RabbitMQConfiguration, topology: Topology, logger: Logger,
    _ body: @Sendable (RabbitMQConnection) async throws -> Void
) async throws {
    let connection = RabbitMQConnection(configuration: configuration, topology: topology, logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await connection.run() }
        defer { group.cancelAll() }
        try await connection.waitUntilConnected(timeout: .seconds(30))
        try await body(connection)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
