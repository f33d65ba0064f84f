import Foundation
import Synchronization

/// Makes the ids of accepted log records and of their messages: UUID version 7 (RFC 9562), whose
/// first 48 bits are the Unix time in milliseconds.
///
/// Why version 7 rather than random (version 4): log-worker inserts on the id as the primary key,
/// and time-ordered ids land at the right edge of its B-tree instead of on random pages; they also
/// sort in the order they were accepted.
///
/// Guarantees: ids from one generator strictly increase (RFC 9562 §6.2, method 1: the 12 bits after
/// the version count within a millisecond, starting from a random value; when they run out, or the
/// system clock steps back, the timestamp moves one millisecond ahead of the clock); the last 62
/// bits are random for every id, so ids from different processes do not collide. The random bits
/// come from a xoshiro256** generator seeded from the system's random source: ids need to be
/// unique, not unguessable, and a system call per id costs more than the rest of the id.
public final class LogIDGenerator: Sendable {
    private struct State {
        /// The timestamp of the last id, never decreasing.
        var milliseconds: UInt64 = 0
        /// The 12-bit counter of the last id within `milliseconds`.
        var counter: UInt16 = 0
        var random = Xoshiro256StarStar()
    }

    /// Protects the timestamp and counter of the last id, so concurrent requests get increasing
    /// ids, and the random generator's state.
    private let state = Mutex(State())
    private let now: @Sendable () -> UInt64

    /// - Parameter now: the Unix time in milliseconds (tests pass a fixed clock).
    public init(now: @escaping @Sendable () -> UInt64 = LogIDGenerator.systemMilliseconds) {
        self.now = now
    }

    public static func systemMilliseconds() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    /// One new id.
    public func next() -> UUID {
        let current = now()
        return state.withLock { state in Self.advance(&state, to: current) }
    }

    /// `count` new ids in increasing order, taken under one lock.
    public func next(count: Int) -> [UUID] {
        let current = now()
        return state.withLock { state in
            var ids: [UUID] = []
            ids.reserveCapacity(count)
            for _ in 0..<count { ids.append(Self.advance(&state, to: current)) }
            return ids
        }
    }

    /// The next id after the last one in `state`, at clock reading `current` (milliseconds).
    private static func advance(_ state: inout State, to current: UInt64) -> UUID {
        if current > state.milliseconds {
            state.milliseconds = current
            // At most 2047, leaving at least 2048 ids in this millisecond before the clock moves ahead.
            state.counter = UInt16(truncatingIfNeeded: state.random.next() & 0x7FF)
        } else if state.counter < 0xFFF {
            state.counter += 1
        } else {
            state.milliseconds += 1
            state.counter = 0
        }
        return uuid(milliseconds: state.milliseconds, counter: state.counter, random: state.random.next())
    }

    /// The version 7 UUID with these fields: 48 bits of time, version 7, 12 bits of counter, variant
    /// `10`, then 62 random bits.
    static func uuid(milliseconds: UInt64, counter: UInt16, random: UInt64) -> UUID {
        let time = milliseconds & 0xFFFF_FFFF_FFFF
        let tail = random & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return UUID(
            uuid: (
                UInt8(truncatingIfNeeded: time >> 40), UInt8(truncatingIfNeeded: time >> 32),
                UInt8(truncatingIfNeeded: time >> 24), UInt8(truncatingIfNeeded: time >> 16),
                UInt8(truncatingIfNeeded: time >> 8), UInt8(truncatingIfNeeded: time),
                0x70 | UInt8(counter >> 8 & 0x0F), UInt8(truncatingIfNeeded: counter),
                UInt8(truncatingIfNeeded: tail >> 56), UInt8(truncatingIfNeeded: tail >> 48),
                UInt8(truncatingIfNeeded: tail >> 40), UInt8(truncatingIfNeeded: tail >> 32),
                UInt8(truncatingIfNeeded: tail >> 24), UInt8(truncatingIfNeeded: tail >> 16),
                UInt8(truncatingIfNeeded: tail >> 8), UInt8(truncatingIfNeeded: tail)
            ))
    }
}

/// xoshiro256** (Blackman and Vigna): fast, 256 bits of state, seeded from the system's random source.
struct Xoshiro256StarStar: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator with this state (not all zero); for tests.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        self.state = state
    }

    init() {
        var system = SystemRandomNumberGenerator()
        repeat {
            state = (system.next(), system.next(), system.next(), system.next())
        } while state == (0, 0, 0, 0)
    }

    mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        value << count | value >> (64 - count)
    }
}
