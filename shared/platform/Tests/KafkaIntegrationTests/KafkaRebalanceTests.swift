import Kafka
import TestInfra
import Testing

/// Two members of one group share the partitions: a member cannot commit partitions it lost, and
/// between them every record is processed, none twice.
@Suite("Kafka consumer group rebalances", .timeLimit(.minutes(5)))
struct KafkaRebalanceTests {
    @Test(arguments: [KafkaConsumerConfiguration.RebalanceProtocol.eager, .cooperative])
    func partitionsMoveToASecondMemberAndEveryRecordIsProcessedOnce(
        _ rebalanceProtocol: KafkaConsumerConfiguration.RebalanceProtocol
    ) async throws {
        let kit = try await KafkaTestKit.make()
        let partitions: Int32 = 4
        let topic = try await kit.topic("rebalance", partitions: Int(partitions))
        let group = kit.group("rebalance")
        let producer = try kit.producer()
        for index in 0..<40 {
            _ = try await producer.send(
                KafkaProducerMessage(topic: topic, partition: Int32(index) % partitions, value: Array("e\(index)".utf8))
            )
        }

        // Alone in the group, the first member owns every partition and reads all 40 records.
        let first = try kit.consumer(group: group, topics: [topic]) { $0.rebalanceProtocol = rebalanceProtocol }
        let early = try await receive(40, from: first, commit: false)
        #expect(first.assignment.count == Int(partitions), "\(first.assignment); \(KafkaTestKit.library)")

        let second = try kit.consumer(group: group, topics: [topic]) { $0.rebalanceProtocol = rebalanceProtocol }
        let split = try await eventually(within: .seconds(60)) {
            let (mine, theirs) = (first.assignment, second.assignment)
            return !mine.isEmpty && !theirs.isEmpty && mine.isDisjoint(with: theirs)
                && mine.count + theirs.count == Int(partitions)
        }
        try #require(split, "after the second joined: \(first.assignment) / \(second.assignment)")

        // The first member is refused commits for the partitions it lost (their records are the
        // second's now), and commits nothing. Eager: every partition was revoked, so each member
        // reads its partitions from the start again. Cooperative: the first kept its partitions and
        // its place in them; only the moved ones are read again, by the second.
        let lost = second.assignment
        let refusal = await #expect(throws: KafkaCommitError.self) {
            try await first.commit(upTo: early.filter { lost.contains($0.topicPartition) })
        }
        #expect(Set(refusal?.failures.map(\.partition) ?? []) == lost)
        #expect(refusal?.failures.allSatisfy { $0.reason.contains("no longer assigned") } == true)

        for index in 0..<400 {
            _ = try await producer.send(KafkaProducerMessage(topic: topic, key: "k\(index)", value: "\(index)"))
        }
        await producer.close()

        let readAgain = rebalanceProtocol == .eager ? early : early.filter { lost.contains($0.topicPartition) }
        let expected = Set((0..<400).map(String.init)).union(readAgain.map(\.valueString))
        let tally = Tally()
        let members = [first, second]
        let workers = members.enumerated().map { number, member in
            Task {
                for try await message in member.messages {
                    await tally.record(message.valueString, member: number)
                    try await member.commit(message)
                }
            }
        }
        let complete = try await eventually(within: .seconds(60)) { await tally.count >= expected.count }
        for member in members { await member.close() }
        for worker in workers { try await worker.value }

        let processed = await tally.values
        #expect(complete, "processed \(processed.count) of \(expected.count)")
        #expect(processed.count == expected.count && Set(processed) == expected, "lost or processed twice")
        #expect(await tally.members == [0, 1], "both members processed records")
    }
}

/// What the members of a group processed, in order of arrival.
private actor Tally {
    private(set) var values: [String] = []
    private(set) var members: Set<Int> = []

    var count: Int { values.count }

    func record(_ value: String, member: Int) {
        values.append(value)
        members.insert(member)
    }
}
