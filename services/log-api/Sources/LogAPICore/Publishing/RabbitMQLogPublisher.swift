import Contracts
import Foundation
import Logging
import RabbitMQ
import ServiceKit
import Synchronization

/// Publishes log batches to RabbitMQ (flow 2: log-api → exchange `logs` → queue `logs.ingest` →
/// log-worker), one persistent, mandatory message per ``LogBatchMessage``, with its message id as
/// the AMQP `message_id`.
///
/// Guarantees: ``publish(_:within:)`` returns only after the broker confirmed every message, and
/// throws within its limit otherwise (no connection, a nack, a return, a lost connection, or
/// confirms that are late). The messages of one call go out pipelined on one connection; calls
/// take the ``connections`` in turn. Confirmed messages are counted in
/// `log_api_messages_published_total`.
public final class RabbitMQLogPublisher: LogPublishing {
    public let connections: [RabbitMQConnection]
    public let exchange: String
    public let routingKey: String
    let metrics: LogMetrics
    /// The connection the next call uses, modulo their count.
    private let nextConnection = Atomic<Int>(0)

    public init(
        connections: [RabbitMQConnection], exchange: String, routingKey: String, metrics: LogMetrics = LogMetrics()
    ) {
        precondition(!connections.isEmpty, "a publisher needs at least one connection")
        self.connections = connections
        self.exchange = exchange
        self.routingKey = routingKey
        self.metrics = metrics
    }

    /// The exchange, work queue and dead-letter queue every publishing connection declares; log-worker
    /// declares the same.
    public static func topology(_ config: LogIntakeConfig) -> Topology {
        Topology.workQueue(exchange: config.exchange, queue: .workQueue(config.queue))
    }

    /// The connections for `config`, one `Service` each, named `log-api` (then `log-api-2`, …) in the
    /// broker's connection list.
    public static func connections(
        _ config: LogIntakeConfig, amqp: AMQPConfig, logger: Logger
    ) -> [RabbitMQConnection] {
        (1...config.connections).map { number in
            RabbitMQConnection(
                configuration: RabbitMQConfiguration(
                    amqp: amqp, connectionName: number == 1 ? "log-api" : "log-api-\(number)",
                    publishWaitForConnection: connectionWait(within: config.publishTimeout)),
                topology: topology(config), logger: logger)
        }
    }

    /// How long a publish may wait for a connection: short enough that the connection fails it
    /// (its check runs every 250 ms) before the request's own time limit. A publish that failed this
    /// way was never sent, so a 503 for it is certain to have queued nothing; a publish that outlives
    /// the time limit was sent and may still be confirmed later.
    static func connectionWait(within timeout: Duration) -> Duration {
        timeout - min(.milliseconds(500), timeout / 2)
    }

    public func publish(_ batches: [LogBatchMessage], within limit: Duration) async throws(LogPublishError) {
        let messages = batches.map(message(for:))
        let turn = nextConnection.add(1, ordering: .relaxed).oldValue
        let connection = connections[turn % connections.count]
        do {
            try await withDeadline(limit) {
                if messages.count == 1 {
                    try await connection.publish(messages[0])
                } else {
                    try await connection.publish(messages)
                }
            }
            metrics.messagesPublished.increment(by: messages.count)
        } catch let error as DeadlineExceeded {
            guard connection.isConnected else {
                throw LogPublishError(.unavailable, "no connection to RabbitMQ within \(error.limit)")
            }
            throw LogPublishError(.timedOut, "RabbitMQ did not confirm the records within \(error.limit)")
        } catch let error as RabbitMQError {
            throw Self.publishError(error)
        } catch let error as RabbitMQBatchPublishError {
            let first = error.failures.values.first
            throw first.map(Self.publishError) ?? LogPublishError(.unavailable, error.description)
        } catch {
            throw LogPublishError(.unavailable, "cannot queue the records: \(error)")
        }
    }

    func message(for batch: LogBatchMessage) -> RabbitMQOutgoingMessage {
        RabbitMQOutgoingMessage(
            exchange: exchange, routingKey: routingKey, messageID: batch.messageID.uuidString.lowercased(),
            body: batch.body,
            properties: RabbitMQMessageProperties(contentType: "application/json", type: LogBatch.messageType))
    }

    static func publishError(_ error: RabbitMQError) -> LogPublishError {
        switch error.kind {
        case .publishNacked, .returnedUnroutable, .channelClosed:
            return LogPublishError(.refused, error.description)
        default:
            return LogPublishError(.unavailable, error.description)
        }
    }
}
