import Contracts
import Foundation
import Logging
import RabbitMQ
import ServiceKit

/// Publishes file tasks to RabbitMQ (flow 4: log-api → exchange `files` → queue `files.process` →
/// log-worker) as `Envelope<FileTask>`, persistent and mandatory, with the broker's confirm, the
/// AMQP `message_id` and the envelope's id both the file id in lowercase (so every publish of one
/// file's task carries the same id).
///
/// It has a connection of its own, next to the log intake's: the same plumbing and confirm path
/// (``RabbitMQConnection``), but a topology of its own, so a files queue declared differently by
/// some deployment can stop only uploads, never the log intake.
public struct RabbitMQFileTaskPublisher: FileTaskPublishing {
    public let connection: RabbitMQConnection
    public let exchange: String
    public let routingKey: String

    public init(connection: RabbitMQConnection, exchange: String, routingKey: String) {
        self.connection = connection
        self.exchange = exchange
        self.routingKey = routingKey
    }

    /// The exchange, work queue and dead-letter queue the connection declares; log-worker declares the same.
    public static func topology(_ config: FileUploadConfig) -> Topology {
        Topology.workQueue(exchange: config.exchange, queue: .workQueue(config.queue))
    }

    /// The publishing connection, a `Service` named `log-api-files` in the broker's connection list.
    public static func connection(_ config: FileUploadConfig, amqp: AMQPConfig, logger: Logger) -> RabbitMQConnection {
        RabbitMQConnection(
            configuration: RabbitMQConfiguration(
                amqp: amqp, connectionName: "log-api-files",
                publishWaitForConnection: RabbitMQLogPublisher.connectionWait(within: config.publishTimeout)),
            topology: topology(config), logger: logger)
    }

    public func publish(_ task: FileTask, within limit: Duration) async throws(LogPublishError) {
        let message: RabbitMQOutgoingMessage
        do {
            message = try Self.message(for: task, exchange: exchange, routingKey: routingKey)
        } catch {
            throw LogPublishError(.refused, "cannot write the task of file \(task.fileID): \(error)")
        }
        let connection = self.connection
        do {
            try await withDeadline(limit) { try await connection.publish(message) }
        } catch let error as DeadlineExceeded {
            guard connection.isConnected else {
                throw LogPublishError(.unavailable, "no connection to RabbitMQ within \(error.limit)")
            }
            throw LogPublishError(.timedOut, "RabbitMQ did not confirm the file task within \(error.limit)")
        } catch let error as RabbitMQError {
            throw RabbitMQLogPublisher.publishError(error)
        } catch {
            throw LogPublishError(.unavailable, "cannot queue the file task: \(error)")
        }
    }

    static func message(for task: FileTask, exchange: String, routingKey: String) throws -> RabbitMQOutgoingMessage {
        let id = task.fileID.uuidString.lowercased()
        let body = try ContractCoding.encode(Envelope(payload: task, messageID: task.fileID))
        return RabbitMQOutgoingMessage(
            exchange: exchange, routingKey: routingKey, messageID: id, body: Array(body),
            properties: RabbitMQMessageProperties(contentType: "application/json", type: FileTask.messageType))
    }
}
