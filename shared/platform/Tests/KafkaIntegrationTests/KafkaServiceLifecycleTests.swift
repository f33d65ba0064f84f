import Kafka
import ServiceKit
import ServiceLifecycle
import Synchronization
import TestInfra
import Testing

/// Producer and consumer as ServiceLifecycle services: graceful shutdown loses nothing.
@Suite("Kafka clients in a ServiceGroup", .timeLimit(.minutes(3)))
struct KafkaServiceLifecycleTests {
    @Test func gracefulShutdownFlushesTheRecordsInFlight() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("serviceflush", partitions: 1)
        let producer = try kit.lingeringProducer()
        let services = ServiceGroup(services: [producer], logger: kit.logger)
        let running = Task { try await services.run() }
        let count = 500
        let sending = Task {
            try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
                for index in 0..<count {
                    group.addTask {
                        try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "\(index)"))
                    }
                }
                return try await group.reduce(into: [KafkaDeliveryReport]()) { $0.append($1) }
            }
        }
        let allInFlight = try await eventually(within: .seconds(30)) { producer.recordsInFlight == count }
        try #require(allInFlight, "\(producer.recordsInFlight) of \(count) records in flight")

        await services.triggerGracefulShutdown()
        try await withTimeout(.seconds(30)) { try await running.value }
        let reports = try await sending.value
        #expect(reports.count == count, "\(KafkaTestKit.library)")
        #expect(Set(reports.map(\.offset)) == Set((0..<Int64(count)).map { $0 }))
    }

    @Test func gracefulShutdownWaitsForTheRecordInHandToBeCommitted() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("servicedrain", partitions: 1)
        let group = kit.group("servicedrain")
        let producer = try kit.producer()
        try await kit.sendInOrder((1...50).map(String.init), to: topic, with: producer)
        await producer.close()

        let consumer = try kit.consumer(group: group, topics: [topic]) { $0.shutdownCommitGracePeriod = .seconds(30) }
        let services = ServiceGroup(services: [consumer], logger: kit.logger)
        let running = Task { try await services.run() }
        let holding = Mutex(false)
        let (release, releaser) = AsyncStream.makeStream(of: Void.self)
        let worker = Task {
            var processed: [String] = []
            for try await message in consumer.messages {
                processed.append(message.valueString)
                if processed.count == 10 {
                    // Still processing the 10th record when the shutdown begins.
                    holding.withLock { $0 = true }
                    for await _ in release { break }
                }
                try await consumer.commit(message)
            }
            return processed
        }
        #expect(try await eventually(within: .seconds(30)) { holding.withLock { $0 } }, "\(KafkaTestKit.library)")

        await services.triggerGracefulShutdown()
        releaser.yield()
        try await withTimeout(.seconds(30)) { try await running.value }
        let processed = try await worker.value
        // Delivery stopped soon after the shutdown began; every record processed was committed.
        #expect(processed.count >= 10 && processed == (1...processed.count).map(String.init))

        let successor = try kit.consumer(group: group, topics: [topic])
        let rest = try await receive(50 - processed.count, from: successor, commit: true)
        await successor.close()
        #expect(rest.map(\.valueString) == (processed.count + 1...50).map(String.init), "lost or repeated")
    }
}
