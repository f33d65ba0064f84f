import Kafka
import Testing

/// Offsets are committed only by the application, and a group resumes exactly where it committed.
@Suite("Kafka consumer commits", .timeLimit(.minutes(5)))
struct KafkaCommitTests {
    @Test func aConsumerRestartedAfterACommitResumesRightAfterIt() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("resume", partitions: 1)
        let group = kit.group("resume")
        let producer = try kit.producer()
        try await kit.sendInOrder((1...100).map(String.init), to: topic, with: producer)
        await producer.close()

        // The first member processes and commits 1…50, then goes away (it has more buffered).
        let first = try kit.consumer(group: group, topics: [topic])
        let firstHalf = try await receive(50, from: first, commit: true)
        await first.close()
        #expect(firstHalf.map(\.valueString) == (1...50).map(String.init), "\(KafkaTestKit.library)")

        // A new member of the same group gets exactly 51…100: nothing lost, nothing twice.
        let second = try kit.consumer(group: group, topics: [topic])
        let secondHalf = try await receive(50, from: second, commit: true)
        await second.close()
        #expect(secondHalf.map(\.valueString) == (51...100).map(String.init), "\(KafkaTestKit.library)")
    }

    @Test func recordsThatWereNotCommittedAreDeliveredAgain() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("redeliver", partitions: 1)
        let group = kit.group("redeliver")
        let producer = try kit.producer()
        try await kit.sendInOrder((1...20).map(String.init), to: topic, with: producer)
        await producer.close()

        // This member commits the first 5 and dies with 15 processed but not committed.
        let first = try kit.consumer(group: group, topics: [topic])
        let seen = try await receive(20, from: first, commit: false)
        try await first.commit(seen[4])
        await first.close()
        #expect(seen.count == 20)

        let second = try kit.consumer(group: group, topics: [topic])
        let again = try await receive(15, from: second, commit: true)
        await second.close()
        #expect(again.map(\.valueString) == (6...20).map(String.init), "\(KafkaTestKit.library)")
    }

    @Test func commitUpToCommitsTheHighestOffsetOfEachPartition() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("upto", partitions: 2)
        let group = kit.group("upto")
        let producer = try kit.producer()
        for index in 0..<40 {
            _ = try await producer.send(
                KafkaProducerMessage(topic: topic, partition: Int32(index % 2), value: Array("\(index)".utf8)))
        }
        await producer.close()

        let first = try kit.consumer(group: group, topics: [topic])
        let all = try await receive(40, from: first, commit: false)
        // Commit the first 10 of each partition as one batch.
        let firstTenOfEach = [Int32(0), 1].flatMap { partition in all.filter { $0.partition == partition }.prefix(10) }
        try await first.commit(upTo: firstTenOfEach)
        await first.close()

        let second = try kit.consumer(group: group, topics: [topic])
        let rest = try await receive(20, from: second, commit: true)
        await second.close()
        #expect(rest.allSatisfy { $0.offset >= 10 }, "\(rest.map { "\($0.partition)/\($0.offset)" })")
        #expect(Set(rest.map(\.valueString)) == Set((20..<40).map(String.init)), "\(KafkaTestKit.library)")
    }

    @Test func aSmallBufferPausesFetchingWithoutLosingOrRepeatingRecords() async throws {
        let kit = try await KafkaTestKit.make()
        let topic = try await kit.topic("backpressure", partitions: 1)
        let producer = try kit.producer()
        let count = 1_000
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Sends start in order from one task, so offsets follow the values.
            for index in 0..<count {
                let message = KafkaProducerMessage(topic: topic, partition: 0, value: Array("\(index)".utf8))
                group.addTask { _ = try await producer.send(message) }
            }
            try await group.waitForAll()
        }
        await producer.close()

        let consumer = try kit.consumer(group: kit.group("backpressure"), topics: [topic]) {
            $0.bufferCapacity = 20  // pauses and resumes fetching dozens of times
        }
        let received = try await receive(count, from: consumer, commit: false, within: .seconds(120))
        try await consumer.commit(upTo: received)
        await consumer.close()
        #expect(received.map(\.offset) == (0..<Int64(count)).map { $0 }, "out of order, lost or repeated")
        #expect(Set(received.map(\.valueString)).count == count)
    }
}
