import Foundation
import Synchronization
import Testing

@testable import LogAPICore

@Suite("UUID version 7 ids", .timeLimit(.minutes(2)))
struct LogIDGeneratorTests {
    /// A clock the test sets by hand.
    final class ManualClock: Sendable {
        let milliseconds = Mutex<UInt64>(0)
        func set(_ value: UInt64) { milliseconds.withLock { $0 = value } }
        func read() -> UInt64 { milliseconds.withLock { $0 } }
    }

    static func bytes(_ id: UUID) -> [UInt8] {
        withUnsafeBytes(of: id.uuid) { Array($0) }
    }

    static func timestamp(_ id: UUID) -> UInt64 {
        bytes(id)[0..<6].reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func counter(_ id: UUID) -> UInt16 {
        let bytes = bytes(id)
        return UInt16(bytes[6] & 0x0F) << 8 | UInt16(bytes[7])
    }

    @Test func versionVariantAndTimestamp() {
        let clock = ManualClock()
        clock.set(1_790_000_000_123)
        let id = LogIDGenerator(now: clock.read).next()
        #expect(Self.bytes(id)[6] >> 4 == 7)
        #expect(Self.bytes(id)[8] >> 6 == 0b10)
        #expect(Self.timestamp(id) == 1_790_000_000_123)
        // The text form shows the version: xxxxxxxx-xxxx-7xxx-[89ab]xxx-xxxxxxxxxxxx.
        let text = id.uuidString.lowercased()
        #expect(Array(text)[14] == "7")
        #expect("89ab".contains(Array(text)[19]))
    }

    @Test func systemClockTimestampIsNow() {
        let before = LogIDGenerator.systemMilliseconds()
        let id = LogIDGenerator().next()
        let after = LogIDGenerator.systemMilliseconds()
        #expect((before...after).contains(Self.timestamp(id)))
    }

    @Test func idsIncreaseWithinOneMillisecondAndAcrossCalls() {
        let clock = ManualClock()
        clock.set(1_000)
        let generator = LogIDGenerator(now: clock.read)
        var ids = generator.next(count: 100)
        ids.append(generator.next())
        ids += generator.next(count: 50)
        #expect(ids.allSatisfy { Self.timestamp($0) == 1_000 })
        #expect(zip(ids, ids.dropFirst()).allSatisfy { Self.counter($0) + 1 == Self.counter($1) })
        #expect(Set(ids).count == ids.count)
    }

    @Test func theCounterStartsInItsLowerHalfAndOverflowsIntoTheNextMillisecond() {
        let clock = ManualClock()
        clock.set(5_000)
        let generator = LogIDGenerator(now: clock.read)
        let ids = generator.next(count: 4_097)
        #expect(Self.counter(ids[0]) <= 0x7FF)
        let overflow = ids.firstIndex { Self.timestamp($0) == 5_001 }
        #expect(overflow != nil)
        if let overflow {
            #expect(Self.counter(ids[overflow - 1]) == 0xFFF)
            #expect(Self.counter(ids[overflow]) == 0)
        }
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
    }

    @Test func aClockThatStepsBackKeepsIdsIncreasing() {
        let clock = ManualClock()
        clock.set(9_000)
        let generator = LogIDGenerator(now: clock.read)
        let first = generator.next()
        clock.set(8_000)
        let second = generator.next()
        #expect(Self.timestamp(second) == 9_000)
        #expect(first.uuidString < second.uuidString)
        clock.set(9_500)
        #expect(Self.timestamp(generator.next()) == 9_500)
    }

    @Test func concurrentCallersGetDistinctIds() async {
        let generator = LogIDGenerator()
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<8 { group.addTask { (0..<500).map { _ in generator.next() } } }
            var all: [UUID] = []
            for await some in group { all += some }
            return all
        }
        #expect(Set(ids).count == 4_000)
    }

    @Test func theRandomBitsComeFromXoshiro256StarStar() {
        // The reference implementation's first outputs for the state (1, 2, 3, 4).
        var generator = Xoshiro256StarStar(state: (1, 2, 3, 4))
        #expect((0..<4).map { _ in generator.next() } == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
        var first = Xoshiro256StarStar()
        var second = Xoshiro256StarStar()
        #expect((0..<4).map { _ in first.next() } != (0..<4).map { _ in second.next() })
    }
}
