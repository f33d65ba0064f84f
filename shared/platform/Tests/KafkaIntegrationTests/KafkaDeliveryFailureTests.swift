import Kafka
import ServiceKit
import TestInfra
import Testing

/// A record the broker does not take is an error naming it; a closing producer answers every send.
@Suite("Kafka delivery failures and shutdown", .timeLimit(.minutes(3)))
struct KafkaDeliveryFailureTests {
    @Test func aRecordForAnInvalidTopicFailsWithTheBrokersReason() async throws {
        let kit = try await KafkaTestKit.make()
        let producer = try kit.producer { $0.messageTimeout = .seconds(10) }
        let error = await #expect(throws: KafkaDeliveryError.self) {
            try await producer.send(KafkaProducerMessage(topic: "no such topic!", key: "order-7", value: "x"))
        }
        await producer.close()
        #expect(error?.topic == "no such topic!", "\(KafkaTestKit.library)")
        #expect(error?.key == Array("order-7".utf8))
        #expect(error?.code.name == "TOPIC_EXCEPTION", "\(String(describing: error))")
        #expect(error?.reason == "Broker: Invalid topic")
        #expect(error.map { "\($0)" }?.contains("order-7") == true)
    }

    @Test func aRecordForABrokerThatIsNotThereTimesOut() async throws {
        let kit = try await KafkaTestKit.make()
        let closedPort = try FreePort.next()
        var configuration = KafkaProducerConfiguration(brokers: [HostPort(host: "127.0.0.1", port: closedPort)])
        configuration.messageTimeout = .seconds(2)
        var quiet = kit.logger
        quiet.logLevel = .critical  // librdkafka logs every refused connection
        let producer = try KafkaProducer(configuration: configuration, logger: quiet)
        let error = await #expect(throws: KafkaDeliveryError.self) {
            try await producer.send(KafkaProducerMessage(topic: "orders", key: "k", value: "v"))
        }
        await producer.close()
        #expect(error?.code == .messageTimedOut, "\(String(describing: error))")
        #expect(error?.topic == "orders")
        #expect(error?.reason == "Local: Message timed out")
    }

    @Test func closingFlushesEveryRecordInFlight() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("flush", partitions: 2)
        let producer = try kit.lingeringProducer()
        let count = 1_000
        let reports = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "\(index)"))
                }
            }
            // Every record is enqueued and none can be acknowledged before close: the batch lingers.
            let allInFlight = try await eventually(within: .seconds(30)) { producer.recordsInFlight == count }
            try #require(allInFlight, "\(producer.recordsInFlight) of \(count) records in flight")
            await producer.close()
            #expect(producer.recordsInFlight == 0)
            // A send that got no report, or a failed one, throws here and fails the test.
            return try await group.reduce(into: [KafkaDeliveryReport]()) { $0.append($1) }
        }
        #expect(reports.count == count, "\(KafkaTestKit.library)")
        #expect(Set(reports.map { "\($0.partition)/\($0.offset)" }).count == count, "each record its own offset")

        let consumer = try kit.consumer(group: kit.group("flush"), topics: [topic])
        let received = try await receive(count, from: consumer, commit: false)
        await consumer.close()
        #expect(Set(received.map(\.valueString)) == Set((0..<count).map(String.init)))
    }

    @Test func sendsWaitForRoomInAFullQueueInsteadOfFailing() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("queuefull", partitions: 1)
        // Room for 5 records in librdkafka's queue, 500 sends at once: most find it full at first.
        let producer = try kit.producer { $0.maxQueuedMessages = 5 }
        let reports = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for index in 0..<500 {
                group.addTask {
                    try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "\(index)"))
                }
            }
            return try await group.reduce(into: [KafkaDeliveryReport]()) { $0.append($1) }
        }
        await producer.close()
        #expect(reports.count == 500, "\(KafkaTestKit.library)")
        #expect(Set(reports.map(\.offset)) == Set((0..<Int64(500)).map { $0 }))
    }

    @Test func sendingAfterCloseFailsAtOnce() async throws {
        let kit = try await KafkaTestKit.make()
        let producer = try kit.producer()
        await producer.close()
        await #expect(throws: KafkaClientError.self) {
            try await producer.send(KafkaProducerMessage(topic: "orders", key: "k", value: "v"))
        }
    }
}
