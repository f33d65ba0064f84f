import Contracts
import Foundation
import NIOCore
import PostgresNIO

/// A point in time with PostgreSQL's own precision: whole microseconds since 1970-01-01 UTC.
///
/// Guarantees: a `timestamptz` read into a `LogTime` and bound back is the same value to the
/// microsecond (a `Date` is a `Double` and may not be), so keyset cursors never skip or repeat a row.
/// ``iso8601`` writes the contract's format (milliseconds, `Z`) when the value is whole
/// milliseconds, as every row log-worker stores is, and six fractional digits otherwise.
public struct LogTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let microsecondsSince1970: Int64

    public init(microsecondsSince1970: Int64) {
        self.microsecondsSince1970 = microsecondsSince1970
    }

    /// The time an RFC 3339 date-time names (``ContractDateFormat/date(from:)``), or nil; fractions
    /// of a second are rounded to the microsecond.
    public init?(iso8601 text: String) {
        guard ContractDateFormat.date(from: text) != nil else { return nil }
        // A Date cannot hold every microsecond (a Double of seconds), so the whole seconds come from
        // the text without its fraction, and the fraction from its digits.
        var whole = text
        var fraction: Int64 = 0
        if let dot = text.firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            for (position, digit) in digits.prefix(7).enumerated() {
                let value = Int64(digit.asciiValue! - UInt8(ascii: "0"))
                if position < 6 {
                    fraction = fraction * 10 + value
                } else if value >= 5 {
                    fraction += 1
                }
            }
            for _ in 0..<max(0, 6 - digits.count) { fraction *= 10 }
            whole.removeSubrange(dot..<digits.endIndex)
        }
        guard let seconds = ContractDateFormat.date(from: whole)?.timeIntervalSince1970 else { return nil }
        self.init(microsecondsSince1970: Int64(seconds) * 1_000_000 + fraction)
    }

    public init(_ date: Date) {
        self.init(microsecondsSince1970: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

    public static var now: LogTime { LogTime(Date()) }

    public static func < (lhs: LogTime, rhs: LogTime) -> Bool {
        lhs.microsecondsSince1970 < rhs.microsecondsSince1970
    }

    public func adding(microseconds: Int64) -> LogTime {
        LogTime(microsecondsSince1970: microsecondsSince1970 + microseconds)
    }

    /// `2026-11-21T06:02:13.123Z`, or `2026-11-21T06:02:13.123456Z` when the microseconds matter.
    public var iso8601: String {
        let (seconds, fraction) = Self.split(microsecondsSince1970)
        guard let whole = ContractDateFormat.string(from: Date(timeIntervalSince1970: Double(seconds))) else {
            // Outside the years 0000-9999, which no stored row reaches (log-worker validates dates).
            return "\(microsecondsSince1970) µs since 1970"
        }
        let digits = fraction % 1000 == 0 ? Self.pad(fraction / 1000, to: 3) : Self.pad(fraction, to: 6)
        return whole.prefix(19) + "." + digits + "Z"
    }

    public var description: String { iso8601 }

    /// Whole seconds (rounded down) and the microseconds past them.
    private static func split(_ microseconds: Int64) -> (seconds: Int64, fraction: Int64) {
        var seconds = microseconds / 1_000_000
        var fraction = microseconds % 1_000_000
        if fraction < 0 {
            seconds -= 1
            fraction += 1_000_000
        }
        return (seconds, fraction)
    }

    private static func pad(_ value: Int64, to width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// Bound and read as `timestamptz` in PostgreSQL's binary format: microseconds since 2000-01-01.
extension LogTime: PostgresNonThrowingEncodable, PostgresDecodable {
    /// 2000-01-01T00:00:00Z, PostgreSQL's epoch, in microseconds since 1970.
    static let postgresEpoch: Int64 = 946_684_800_000_000

    public static var psqlType: PostgresDataType { .timestamptz }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger(microsecondsSince1970 - Self.postgresEpoch)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .timestamptz || type == .timestamp else { throw PostgresDecodingError.Code.typeMismatch }
        guard format == .binary, buffer.readableBytes == 8, let value = buffer.readInteger(as: Int64.self) else {
            throw PostgresDecodingError.Code.failure
        }
        // ±infinity are Int64.max/min: not a time a log can carry.
        let (shifted, overflow) = value.addingReportingOverflow(Self.postgresEpoch)
        guard !overflow else { throw PostgresDecodingError.Code.failure }
        self.init(microsecondsSince1970: shifted)
    }
}
