import Contracts
import Foundation
import Logging
import RabbitMQ
import ServiceKit
import ServiceLifecycle
import TestInfra
import Testing

@testable import LogAPICore

/// ``RabbitMQFileTaskPublisher`` against the run's RabbitMQ: the task arrives as
/// `Envelope<FileTask>` with the file id as AMQP `message_id` and envelope id; an unreachable broker
/// is a prompt `unavailable`.
@Suite("file task publisher", .timeLimit(.minutes(5)))
struct FileTaskPublisherTests {
    static let task = FileTask(
        fileID: UUID(), objectKey: "uploads/x", fileName: "x.json", contentType: "application/json", sizeBytes: 12,
        sha256: String(repeating: "b", count: 64), uploadedAt: Date())

    @Test func aTaskIsQueuedWithTheFileIdAsItsMessageId() async throws {
        let servers = try await TestServers.shared()
        let config = FileQueueInspector.uniqueConfig()
        try await FileQueueInspector.with(try servers.amqp, config: config) { inspector in
            let connection = RabbitMQFileTaskPublisher.connection(
                config, amqp: try servers.amqp, logger: FileDatabase.logger)
            let publisher = RabbitMQFileTaskPublisher(
                connection: connection, exchange: config.exchange, routingKey: config.queue)
            try await Self.running(connection) {
                try await publisher.publish(Self.task, within: .seconds(10))
                try await publisher.publish(Self.task, within: .seconds(10))
            }
            let tasks = try await inspector.takeAll()
            #expect(tasks.count == 2)
            for queued in tasks {
                #expect(queued.amqpMessageID == Self.task.fileID.uuidString.lowercased())
                #expect(queued.type == "file.task")
                #expect(queued.envelope.messageID == Self.task.fileID)
                #expect(queued.envelope.payload == Self.task)
            }
        }
    }

    @Test func anUnreachableBrokerIsUnavailableWithinTheLimit() async throws {
        let closed = try FreePort.next()
        let amqp = try AMQPConfig(
            environment: .init(["AMQP_URL": "amqp://guest:guest@127.0.0.1:\(closed)/%2f"]))
        let config = FileQueueInspector.uniqueConfig()
        let connection = RabbitMQFileTaskPublisher.connection(config, amqp: amqp, logger: FileDatabase.logger)
        let publisher = RabbitMQFileTaskPublisher(
            connection: connection, exchange: config.exchange, routingKey: config.queue)
        let clock = ContinuousClock()
        try await Self.running(connection) {
            let started = clock.now
            do {
                try await publisher.publish(Self.task, within: .seconds(1))
                Issue.record("published without a broker")
            } catch let error as LogPublishError {
                #expect(error.kind == .unavailable)
            } catch {
                Issue.record("unexpected \(error)")
            }
            // The publish alone, bounded loosely: what matters is that it gives up near its 1 s
            // limit instead of waiting for a connection that never comes (timers fire late on a
            // loaded machine, so no tight bound).
            #expect(clock.now - started < .seconds(10))
        }
    }

    /// Runs `connection` in a ServiceGroup for the duration of `body`.
    static func running(_ connection: RabbitMQConnection, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(services: [connection], logger: FileDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            } catch {
                tasks.cancelAll()
                throw error
            }
        }
    }
}
