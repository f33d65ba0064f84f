import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RabbitMQ
import RabbitMQTestSupport
import ServiceKit
import ServiceLifecycle
import Synchronization
import TestInfra

@testable import LogAPICore

/// log-api in process on a real socket, against real servers, publishing to an exchange and queue
/// of the test's own; plus a RabbitMQ connection of the test's own to look into that queue.
struct LogAPITestbed: Sendable {
    let client: any TestClientProtocol
    let exchange: String
    let queue: String
    let inspector: RabbitMQConnection

    /// One queued message: its AMQP `message_id` and its decoded body.
    struct QueuedMessage: Sendable {
        let amqpMessageID: String?
        let type: String?
        let envelope: Envelope<LogBatch>
    }

    /// Runs `body` with log-api built from the run's servers (or the broker at `amqpURL`, one of the
    /// test's own), a database of its own, and `overrides`.
    static func with(
        amqpURL: String? = nil, overrides: [String: String] = [:],
        _ body: @Sendable (LogAPITestbed) async throws -> Void
    ) async throws {
        let servers = try await TestServers.shared()
        let exchange = TestNames.unique("logs", separator: "-")
        let queue = exchange + ".ingest"
        var settings = ["LOG_INGEST_EXCHANGE": exchange, "LOG_INGEST_QUEUE": queue]
        if let amqpURL { settings["AMQP_URL"] = amqpURL }
        settings.merge(overrides) { _, new in new }
        let inspectedBroker =
            try amqpURL.map { try AMQPConfig(environment: EnvironmentReader(["AMQP_URL": $0])) }
            ?? servers.amqp
        try await TestDatabase.with(servers) { database in
            let environment = servers.serviceEnvironmentReader(database: database, overrides: settings)
            let config = try LogAPIConfig(environment: environment)
            var logger = Logger(label: "log-api-itest")
            logger.logLevel = .warning
            let app = LogAPIApplication.build(config, logger: logger)
            try await withInspector(inspectedBroker, topology: RabbitMQLogPublisher.topology(config.ingest)) {
                inspector in
                try await app.test(.live) { client in
                    try await body(
                        LogAPITestbed(client: client, exchange: exchange, queue: queue, inspector: inspector))
                }
            }
        }
    }

    /// How many messages wait in the queue right now.
    func queuedCount() async throws -> Int {
        try await inspector.queueState(queue).messageCount
    }

    /// Takes (and acknowledges) exactly the `count` messages the queue holds, and checks that no
    /// more were there.
    func takeMessages(_ count: Int) async throws -> [QueuedMessage] {
        let waiting = try await queuedCount()
        guard waiting == count else {
            throw TestbedError(description: "the queue holds \(waiting) messages, expected \(count)")
        }
        return try await takeAllMessages()
    }

    /// Takes (and acknowledges) every message the queue holds.
    func takeAllMessages() async throws -> [QueuedMessage] {
        try await inspector.takeAll(of: queue).map {
            QueuedMessage(
                amqpMessageID: $0.messageID, type: $0.properties.type,
                envelope: try ContractCoding.decode(Envelope<LogBatch>.self, from: Data($0.body)))
        }
    }

    /// POSTs `body` to `path` and returns the status and the decoded JSON answer.
    func post(
        _ path: String, _ body: String, contentType: String = "application/json"
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        try await client.execute(
            uri: path, method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: body)
        ) { response in
            let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
            return (response.status, object as? [String: Any] ?? [:])
        }
    }

    /// Runs an inspecting connection in a ServiceGroup for the duration of `body`.
    private static func withInspector(
        _ amqp: AMQPConfig, topology: Topology, _ body: @Sendable (RabbitMQConnection) async throws -> Void
    ) async throws {
        var logger = Logger(label: "log-api-itest-inspector")
        logger.logLevel = .warning
        let connection = RabbitMQConnection(
            configuration: RabbitMQConfiguration(
                amqp: amqp, connectionName: "log-api-itest", maximumReconnectDelay: .milliseconds(500)),
            topology: topology, logger: logger)
        let group = ServiceGroup(services: [connection], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await connection.waitUntilConnected(timeout: .seconds(30))
                try await body(connection)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            } catch {
                tasks.cancelAll()
                throw error
            }
        }
    }
}

struct TestbedError: Error, CustomStringConvertible {
    let description: String
}
