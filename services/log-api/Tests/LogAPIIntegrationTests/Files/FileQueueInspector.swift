import Contracts
import Foundation
import Logging
import RabbitMQ
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
        let count = try await queuedCount()
        guard count > 0 else { return [] }
        let consumer = connection.consume(queue: config.queue, prefetch: UInt16(min(count, 1000)))
        let received = Mutex<[RabbitMQDelivery]>([])
        let reader = Task {
            for try await delivery in consumer {
                let total = received.withLock {
                    $0.append(delivery)
                    return $0.count
                }
                try consumer.ack(delivery)
                if total == count { break }
            }
        }
        defer { reader.cancel() }
        let deliveries = try await pollUntil("\(count) tasks from \(config.queue)") {
            received.withLock { $0.count >= count ? $0 : nil }
        }
        consumer.cancel()
        return try deliveries.map {
            QueuedTask(
                amqpMessageID: $0.messageID, type: $0.properties.type,
                envelope: try ContractCoding.decode(Envelope<FileTask>.self, from: Data($0.body)))
        }
    }
}
