import Foundation
import RabbitMQ
import ServiceKit
import TestInfra
import Testing

/// A RabbitMQ of this test's own, stopped and started again on the same port: the connection
/// comes back by itself, publishes made while it was down wait (or fail clearly), and the
/// consumer resumes.
@Suite("RabbitMQ broker restart", .serialized, .timeLimit(.minutes(5)))
struct BrokerRestartTests {
    @Test func connectionsComeBackAfterTheBrokerRestarts() async throws {
        try await PrivateServer.with("rabbitmq") { broker in
            try await restartScenario(broker)
        }
    }

    private func restartScenario(_ broker: PrivateServer) async throws {
        let amqp = try broker.servers.amqp
        let names = TestQueue()
        let patient = testConfiguration(amqp, publishWaitForConnection: .seconds(60))
        let impatient = testConfiguration(amqp, publishWaitForConnection: .milliseconds(300))
        try await withRunningConnection(patient, topology: names.topology) { publisher in
            try await withRunningConnection(impatient, topology: names.topology) { impatientPublisher in
                try await withRunningConnection(testConfiguration(amqp), topology: names.topology) {
                    consumerConnection in
                    let collector = DeliveryCollector(consumerConnection.consume(queue: names.queue, prefetch: 10))
                    try await publisher.publish(names.message("before"))
                    try collector.consumer.ack(try await collector.waitFor(1)[0])

                    try await broker.stop()
                    _ = try await pollUntil("every connection noticed the broker is gone") {
                        !publisher.isConnected && !impatientPublisher.isConnected && !consumerConnection.isConnected
                            ? true : nil
                    }
                    // While it is down: a publish that may wait does; one that may not fails clearly.
                    let waiting = Task { try await publisher.publish(names.message("during")) }
                    let error = await #expect(throws: RabbitMQError.self) {
                        try await impatientPublisher.publish(names.message("too-impatient"))
                    }
                    #expect(error?.kind == .notConnected)
                    #expect(error?.messageID == "too-impatient")
                    #expect(error?.broker == "127.0.0.1:\(amqp.endpoint.port)")

                    try await broker.start()
                    try await waiting.value
                    try await impatientPublisher.waitUntilConnected(timeout: .seconds(30))
                    try await impatientPublisher.publish(names.message("after"))
                    let deliveries = try await collector.waitFor(3, timeout: .seconds(60))
                    #expect(deliveries.dropFirst().compactMap(\.messageID).sorted() == ["after", "during"])
                    try collector.consumer.ack(deliveries[2], multiple: true)
                }
            }
        }
    }
}
