import Contracts
import Foundation
import Logging
import RabbitMQ
import RabbitMQTestSupport
import ServiceKit
import ServiceLifecycle
import Synchronization
import TestInfra

@testable import LogAPICore

/// A RabbitMQ connection of the test's own on a files exchange and queue of the test's own: it
/// declares them as log-worker would and reads the queued tasks back.
struct FileQueueInspector: Sendable {
    let connection: RabbitMQConnection
    let config: FileUploadConfig

    struct QueuedTask: Sendable {
        let amqpMessageID: String?
        let type: String?
        let envelope: Envelope<FileTask>
    }

    /// A unique exchange and queue (`FILE_EXCHANGE`, `FILE_QUEUE` for the service under test).
    static func uniqueConfig() -> FileUploadConfig {
        let exchange = TestNames.unique("files", separator: "-")
        return FileUploadConfig(exchange: exchange, queue: exchange + ".process")
    }

    static func with(
        _ amqp: AMQPConfig, config: FileUploadConfig, _ body: @Sendable (FileQueueInspector) async throws -> Void
    ) async throws {
        var logger = Logger(label: "log-api-itest-files-inspector")
        logger.logLevel = .warning
        let connection = RabbitMQConnection(
            configuration: RabbitMQConfiguration(
                amqp: amqp, connectionName: "log-api-itest-files", maximumReconnectDelay: .milliseconds(500)),
            topology: RabbitMQFileTaskPublisher.topology(config), logger: logger)
        let group = ServiceGroup(services: [connection], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await connection.waitUntilConnected(timeout: .seconds(30))
                try await body(FileQueueInspector(connection: connection, config: config))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            } catch {
                tasks.cancelAll()
                throw error
            }
        }
    }

    func queuedCount() async throws -> Int {
        try await connection.queueState(config.queue).messageCount
    }

    /// Takes (and acknowledges) every task the queue holds.
    func takeAll() async throws -> [QueuedTask] {
        try await connection.takeAll(of: config.queue).map {
            QueuedTask(
                amqpMessageID: $0.messageID, type: $0.properties.type,
                envelope: try ContractCoding.decode(Envelope<FileTask>.self, from: Data($0.body)))
        }
    }
}
