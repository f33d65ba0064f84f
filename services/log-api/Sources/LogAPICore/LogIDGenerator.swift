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
/// bits are random for every id, so ids from different processes do not collide.
public final class LogIDGenerator: Sendable {
    private struct Clock {
        /// The timestamp of the last id, never decreasing.
        var milliseconds: UInt64 = 0
        /// The 12-bit counter of the last id within `milliseconds`.
        var counter: UInt16 = 0
    }

    /// Protects the timestamp and counter of the last id, so concurrent requests get increasing ids.
    private let clock = Mutex(Clock())
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
        next(count: 1)[0]
    }

    /// `count` new ids in increasing order, taken under one lock.
    public func next(count: Int) -> [UUID] {
        var random = SystemRandomNumberGenerator()
        let current = now()
        let stamps = clock.withLock { clock -> [(milliseconds: UInt64, counter: UInt16)] in
            var stamps: [(UInt64, UInt16)] = []
            stamps.reserveCapacity(count)
            for _ in 0..<count {
                if current > clock.milliseconds {
                    clock.milliseconds = current
                    // At most 2047, leaving at least 2048 ids in this millisecond before the clock moves ahead.
                    clock.counter = UInt16.random(in: 0...0x7FF, using: &random)
                } else if clock.counter < 0xFFF {
                    clock.counter += 1
                } else {
                    clock.milliseconds += 1
                    clock.counter = 0
                }
                stamps.append((clock.milliseconds, clock.counter))
            }
            return stamps
        }
        return stamps.map { Self.uuid(milliseconds: $0.milliseconds, counter: $0.counter, random: random.next()) }
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
