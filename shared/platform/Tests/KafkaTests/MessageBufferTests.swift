import Synchronization
import Testing

@testable import Kafka

@Suite("Consumer buffer and partition ledger", .timeLimit(.minutes(1)))
struct MessageBufferTests {
    private func record(_ partition: Int32, _ offset: Int64) -> KafkaMessage {
        KafkaMessage(
            topic: "t", partition: partition, offset: offset, key: nil, value: Array("\(offset)".utf8), headers: [],
            timestamp: nil)
    }

    @Test func aFullBufferAsksToPauseAndToResumeOnceHalfIsTaken() async throws {
        let wakeups = Mutex(0)
        let buffer = MessageBuffer(capacity: 4, wakeFetcher: { wakeups.withLock { $0 += 1 } })
        #expect(buffer.append(record(0, 0)) == .accepted)
        #expect(buffer.append(record(0, 1)) == .accepted)
        #expect(buffer.append(record(0, 2)) == .accepted)
        #expect(buffer.append(record(0, 3)) == .pauseFetching)
        #expect(buffer.append(record(0, 4)) == .accepted)  // fetched before the pause took hold: kept
        #expect(buffer.isPausedForSpace)

        #expect(try await buffer.next()?.offset == 0)
        #expect(try await buffer.next()?.offset == 1)
        #expect(!buffer.takeResumeRequest())  // 3 left, above half of 4
        #expect(try await buffer.next()?.offset == 2)
        #expect(buffer.takeResumeRequest())
        #expect(!buffer.takeResumeRequest())  // consumed
        #expect(wakeups.withLock { $0 } == 1)
        #expect(!buffer.isPausedForSpace)
    }

    @Test func revokedPartitionsAreDroppedFromTheBuffer() async throws {
        let buffer = MessageBuffer(capacity: 10, wakeFetcher: {})
        for offset in 0..<3 {
            _ = buffer.append(record(0, Int64(offset)))
            _ = buffer.append(record(1, Int64(offset)))
        }
        #expect(buffer.drop(partitionsIn: [KafkaTopicPartition(topic: "t", partition: 1)]) == 3)
        buffer.finish()
        #expect(try await buffer.next() == nil)  // finishing drops what is left, too
    }

    @Test func aWaitingIteratorGetsTheNextRecordAndEndsWhenFinished() async throws {
        let buffer = MessageBuffer(capacity: 10, wakeFetcher: {})
        async let first = buffer.next()
        // The record handed over while (or before) the iterator waits is not lost.
        _ = buffer.append(record(0, 7))
        #expect(try await first?.offset == 7)
        async let end = buffer.next()
        buffer.finish()
        #expect(try await end == nil)
    }

    @Test func aCancelledWaitEndsWithCancellation() async {
        let buffer = MessageBuffer(capacity: 10, wakeFetcher: {})
        let waiting = Task { try await buffer.next() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }

    @Test func theLedgerIsDrainedWhenEverythingHandedOutIsCommitted() async {
        let ledger = PartitionLedger()
        let p0 = KafkaTopicPartition(topic: "t", partition: 0)
        let p1 = KafkaTopicPartition(topic: "t", partition: 1)
        ledger.assign([p0, p1])
        ledger.markDelivered(record(0, 4))
        ledger.markDelivered(record(1, 9))
        async let drained: Void = ledger.waitUntilDrained()
        ledger.markCommitted([p0: 5])
        #expect(ledger.unassigned(among: [p0, KafkaTopicPartition(topic: "t", partition: 2)]).count == 1)
        ledger.revoke([p1])  // the other member reads it from its committed offset: nothing to wait for
        await drained
        #expect(ledger.assignment == [p0])
    }
}
