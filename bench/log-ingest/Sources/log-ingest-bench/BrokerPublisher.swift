import Contracts
import Foundation
import Logging
import RabbitMQ
import ServiceKit

/// Publishes the sample records as log-api does (an `Envelope<LogBatch>` per message of
/// `perMessage` records, persistent, message id = envelope id, confirmed), so that the workers can
/// be measured without the HTTP side: the "broker → committed rows" row.
enum BrokerPublisher {
    static func publish(
        records total: Int, perMessage: Int, exchange: String, queue: String, amqp: AMQPConfig
    ) async throws -> Duration {
        let topology = Topology.workQueue(exchange: exchange, queue: .workQueue(queue))
        let connection = RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: amqp, connectionName: "log-ingest-bench"), topology: topology,
            logger: Logger(label: "log-ingest-bench"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await connection.run() }
            defer { group.cancelAll() }
            try await connection.waitUntilConnected(timeout: .seconds(30))
            let clock = ContinuousClock()
            let start = clock.now
            var index = 0
            while index < total {
                var messages: [RabbitMQOutgoingMessage] = []
                // 200 messages per confirmed round: enough in flight to keep the broker busy.
                while messages.count < 200 && index < total {
                    let count = min(perMessage, total - index)
                    let receivedAt = Date()
                    let records = try (index..<index + count).map { try SampleLogs.record($0, receivedAt: receivedAt) }
                    let id = UUID()
                    messages.append(
                        RabbitMQOutgoingMessage(
                            exchange: exchange, routingKey: queue, messageID: id.uuidString.lowercased(),
                            body: Array(
                                try ContractCoding.encode(Envelope(payload: LogBatch(records: records), messageID: id)))
                        ))
                    index += count
                }
                try await connection.publish(messages)
            }
            return clock.now - start
        }
    }

    /// The ready messages of `queue` (unacknowledged ones are not counted).
    static func readyMessages(queue: String, amqp: AMQPConfig) async throws -> Int {
        let connection = RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: amqp, connectionName: "log-ingest-bench"), topology: Topology(),
            logger: Logger(label: "log-ingest-bench"))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await connection.run() }
            defer { group.cancelAll() }
            try await connection.waitUntilConnected(timeout: .seconds(30))
            return try await connection.queueState(queue).messageCount
        }
    }
}
