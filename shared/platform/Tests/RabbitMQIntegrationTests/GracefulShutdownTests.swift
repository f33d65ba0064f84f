import Logging
import RabbitMQ
import ServiceKit
import ServiceLifecycle
import TestInfra
import Testing

/// Graceful shutdown (what SIGTERM does through a ServiceGroup) lets work in flight finish.
@Suite("RabbitMQ graceful shutdown")
struct GracefulShutdownTests {
    @Test func publishesInFlightAreConfirmedAndHeldDeliveriesCanStillBeAcked() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            try await connection.publish(names.message("held"))
        }
        var logger = Logger(label: "rabbitmq-itest")
        logger.logLevel = .warning
        let connection = RabbitMQConnection(
            configuration: testConfiguration(amqp), topology: names.topology, logger: logger)
        let group = ServiceGroup(services: [connection], logger: logger)
        let running = Task { try await group.run() }
        try await connection.waitUntilConnected(timeout: .seconds(15))
        let collector = DeliveryCollector(connection.consume(queue: names.queue, prefetch: 10))
        let held = try await collector.waitFor(1)[0]

        let batch = (0..<20_000).map { names.message("draining-\($0)") }
        let publishing = Task { try await connection.publish(batch) }
        await group.triggerGracefulShutdown()
        // The connection waits for the batch's confirms and for the held delivery to be settled.
        try await publishing.value
        try collector.consumer.ack(held)
        try await running.value
        #expect(!connection.isConnected)

        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            // Everything was confirmed, and the held message was acked, not requeued.
            let ready = try await connection.queueState(names.queue).messageCount
            #expect(ready == batch.count)
        }
    }
}
