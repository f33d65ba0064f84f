import Foundation

/// The contract's date-time text: ISO 8601 / RFC 3339 in UTC with milliseconds, `2026-11-21T06:02:13.123Z`.
///
/// Guarantees:
/// - ``string(from:)`` always writes exactly 24 characters in the form above, rounding to the nearest
///   millisecond, for dates in the years 0000 to 9999.
/// - ``date(from:)`` reads RFC 3339 date-times: with or without fractional seconds (any number of digits, kept to
///   the nanosecond as far as `Date` can hold it), with `Z` or a numeric offset (`+02:00`, `+0200`), `T` or a space
///   between date and time, either letter case. It rejects impossible dates such as February 30 and leap seconds.
/// - A date rounded by ``roundedToMilliseconds(_:)`` survives ``string(from:)`` then ``date(from:)`` unchanged,
///   bit for bit; so does any date read from text with at most three fractional digits.
/// - Pure functions of their input: no locale, calendar setting or time zone of the machine is involved.
public enum ContractDateFormat {
    /// The text for `date`, or `nil` when it is not finite or outside the years 0000 to 9999.
    public static func string(from date: Date) -> String? {
        guard let milliseconds = millisecondsSince1970(date) else { return nil }
        let seconds = floorDivide(milliseconds, 1000)
        let millisecond = Int(milliseconds - seconds * 1000)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = CivilCalendar.date(fromDays: days)

        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        func append(_ value: Int, digits: Int) {
            var divisor = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        append(Int(year), digits: 4)
        bytes.append(UInt8(ascii: "-"))
        append(month, digits: 2)
        bytes.append(UInt8(ascii: "-"))
        append(day, digits: 2)
        bytes.append(UInt8(ascii: "T"))
        append(secondOfDay / 3600, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, digits: 2)
        bytes.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, digits: 2)
        bytes.append(UInt8(ascii: "."))
        append(millisecond, digits: 3)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The date for an RFC 3339 date-time, or `nil` when `text` is not one.
    public static func date(from text: String) -> Date? {
        var parser = Parser(bytes: Array(text.utf8))
        return parser.parse()
    }

    /// `date` rounded to the nearest millisecond, the precision the wire format carries. Dates that cannot be
    /// written (see ``string(from:)``) are returned unchanged.
    public static func roundedToMilliseconds(_ date: Date) -> Date {
        guard let milliseconds = millisecondsSince1970(date) else { return date }
        return self.date(millisecondsSince1970: milliseconds)
    }

    // MARK: - Arithmetic

    /// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z in milliseconds since 1970.
    private static let range: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    private static func millisecondsSince1970(_ date: Date) -> Int64? {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite, milliseconds >= Double(range.lowerBound), milliseconds <= Double(range.upperBound)
        else { return nil }
        return Int64(milliseconds)
    }

    /// The one way this format turns whole milliseconds into a `Date`, so that equal texts give identical dates.
    fileprivate static func date(millisecondsSince1970 milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}

/// Reads `YYYY-MM-DD(T|t| )hh:mm:ss(.f+)?(Z|z|±hh:mm|±hhmm)`.
private struct Parser {
    let bytes: [UInt8]
    var index = 0

    mutating func parse() -> Date? {
        guard let year = number(digits: 4), expect("-"),
            let month = number(digits: 2), expect("-"),
            let day = number(digits: 2), expect(["T", "t", " "]),
            let hour = number(digits: 2), expect(":"),
            let minute = number(digits: 2), expect(":"),
            let second = number(digits: 2)
        else { return nil }
        guard (1...12).contains(month),
            (1...CivilCalendar.daysInMonth(year: Int64(year), month: month)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }

        var nanoseconds = 0
        if expect(".") {
            var digits = 0
            while index < bytes.count, let digit = digit(at: index) {
                if digits < 9 { nanoseconds = nanoseconds * 10 + digit }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanoseconds *= 10 }
        }

        guard let offsetSeconds = offset(), index == bytes.count else { return nil }

        let days = CivilCalendar.days(year: Int64(year), month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        if nanoseconds % 1_000_000 == 0 {
            return ContractDateFormat.date(millisecondsSince1970: seconds * 1000 + Int64(nanoseconds / 1_000_000))
        }
        return Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000)
    }

    /// Seconds east of UTC.
    private mutating func offset() -> Int? {
        if expect(["Z", "z"]) { return 0 }
        let sign: Int
        if expect("+") {
            sign = 1
        } else if expect("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(digits: 2) else { return nil }
        _ = expect(":")
        guard let minutes = number(digits: 2), hours < 24, minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    private mutating func number(digits count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for position in index..<index + count {
            guard let digit = digit(at: position) else { return nil }
            value = value * 10 + digit
        }
        index += count
        return value
    }

    private func digit(at position: Int) -> Int? {
        let byte = bytes[position]
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        return Int(byte - UInt8(ascii: "0"))
    }

    private mutating func expect(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    private mutating func expect(_ characters: [Unicode.Scalar]) -> Bool {
        characters.contains { expect($0) }
    }
}
