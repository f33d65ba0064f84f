import Kafka
import TestInfra
import Testing

@Suite("Kafka produce and consume against the test broker", .timeLimit(.minutes(5)))
struct KafkaRoundTripTests {
    @Test func theLoadedLibraryIsNewerThanDebians() {
        // Debian's 2.0.2 (0x020002ff) fails every request against the local broker.
        #expect(KafkaLibrary.versionNumber > 0x0200_02ff, "\(KafkaTestKit.library)")
    }

    @Test func keyHeadersAndValueSurviveARoundTrip() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("roundtrip", partitions: 3)
        let producer = try kit.producer()
        let headers = [
            KafkaHeader(name: "message-id", value: "m-1"),
            KafkaHeader(name: "empty", value: []),
            KafkaHeader(name: "null", value: nil),
            KafkaHeader(name: "message-id", value: "repeated"),
        ]
        var sent: [String: KafkaDeliveryReport] = [:]
        for index in 0..<3 {
            let key = "key-\(index)"
            sent[key] = try await producer.send(
                KafkaProducerMessage(topic: topic, key: key, value: "value \(index) ✓", headers: headers))
        }
        await producer.close()

        let consumer = try kit.consumer(group: kit.group("roundtrip"), topics: [topic])
        let received = try await receive(3, from: consumer, commit: true)
        await consumer.close()

        #expect(received.count == 3, "\(KafkaTestKit.library)")
        for message in received {
            let key = try #require(message.keyString)
            let report = try #require(sent[key], "unexpected key \(key)")
            #expect(message.valueString == "value \(key.dropFirst(4)) ✓")
            #expect(message.headers == headers)
            #expect(message.partition == report.partition && message.offset == report.offset)
            #expect(message.topic == topic && message.timestamp != nil)
        }
    }

    @Test func tenThousandRecordsAreEachAcknowledgedAndConsumedOnce() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("tenk", partitions: 4)
        let producer = try kit.producer()
        let count = 10_000
        // All sends in flight at once; each awaits its own delivery report.
        let reports = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await producer.send(
                        KafkaProducerMessage(topic: topic, key: "k\(index % 97)", value: "\(index)"))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(producer.recordsInFlight == 0)
        await producer.close()
        #expect(reports.count == count)
        #expect(Set(reports.map { "\($0.partition)/\($0.offset)" }).count == count, "two records at one offset")

        let consumer = try kit.consumer(group: kit.group("tenk"), topics: [topic])
        let received = try await receive(count, from: consumer, commit: false, within: .seconds(120))
        try await consumer.commit(upTo: received)
        await consumer.close()
        let values = received.map(\.valueString)
        #expect(values.count == count, "\(KafkaTestKit.library)")
        #expect(Set(values) == Set((0..<count).map(String.init)), "records missing or repeated")
    }

    @Test func creatingATopicTwiceSucceedsBothTimes() async throws {
        let kit = try await KafkaTestKit.make()
        let admin = KafkaTopicAdmin(kit.kafka, logger: kit.logger)
        let name = TestNames.unique("created", separator: "-")
        let spec = KafkaTopicSpecification(name: name, partitions: 3, replicationFactor: 1)
        #expect(try await admin.createTopic(spec) == .created, "\(KafkaTestKit.library)")
        #expect(try await admin.createTopic(spec) == .alreadyExisted)

        // It has the three partitions asked for: the last one takes a record.
        let producer = try kit.producer()
        let report = try await producer.send(KafkaProducerMessage(topic: name, partition: 2, value: [1]))
        await producer.close()
        #expect(report.partition == 2 && report.offset == 0)
    }

    @Test func anImpossibleTopicIsAnErrorNamingIt() async throws {
        let kit = try await KafkaTestKit.make()
        let admin = KafkaTopicAdmin(kit.kafka, logger: kit.logger)
        let name = TestNames.unique("impossible", separator: "-")
        let error = await #expect(throws: KafkaTopicCreationError.self) {
            try await admin.createTopic(KafkaTopicSpecification(name: name, partitions: -5))
        }
        #expect(error?.topic == name)
        #expect(error?.reason.contains("num_partitions") == true, "\(String(describing: error))")
    }
}
