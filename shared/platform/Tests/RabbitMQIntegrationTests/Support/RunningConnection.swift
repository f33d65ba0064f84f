import Logging
import RabbitMQ
import ServiceKit
import ServiceLifecycle
import TestInfra

/// A configuration for tests: quick reconnects, a unique connection name to find it by.
func testConfiguration(
    _ amqp: AMQPConfig, name: String = TestNames.unique("itest", separator: "-"),
    publishWaitForConnection: Duration = .seconds(10), maximumInFlightPublishes: Int = 2_000,
    shutdownDrainTimeout: Duration = .seconds(5)
) -> RabbitMQConfiguration {
    RabbitMQConfiguration(
        amqp: amqp, connectionName: name, heartbeat: .seconds(5), connectTimeout: .seconds(3),
        rpcTimeout: .seconds(10), initialReconnectDelay: .milliseconds(100), maximumReconnectDelay: .seconds(1),
        maximumInFlightPublishes: maximumInFlightPublishes, publishWaitForConnection: publishWaitForConnection,
        shutdownDrainTimeout: shutdownDrainTimeout)
}

/// Runs a connection as its service would (in a ServiceGroup), waits until it is up, runs `body`,
/// then shuts the group down gracefully and waits for the connection to close.
func withRunningConnection<T: Sendable>(
    _ configuration: RabbitMQConfiguration, topology: Topology = Topology(),
    _ body: @Sendable (RabbitMQConnection) async throws -> T
) async throws -> T {
    var logger = Logger(label: "rabbitmq-itest")
    logger.logLevel = .warning
    let connection = RabbitMQConnection(configuration: configuration, topology: topology, logger: logger)
    let group = ServiceGroup(services: [connection], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            try await connection.waitUntilConnected(timeout: .seconds(15))
            let result = try await body(connection)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            tasks.cancelAll()
            throw error
        }
    }
}
