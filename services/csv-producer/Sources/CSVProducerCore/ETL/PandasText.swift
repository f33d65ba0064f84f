import Contracts

#if canImport(Glibc)
import Glibc
#endif

/// How pandas' `read_csv` (C parser, default options) reads a field, and how `to_datetime` reads
/// an ISO date, on raw bytes: the ETL's rules mean exactly what they mean in pandas.
enum PandasText {
    /// `read_csv`'s default missing-value strings (`pandas._libs.parsers.STR_NA_VALUES`), matched
    /// against the whole field, unstripped.
    private static let missingValues: [[UInt8]] = [
        "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
        "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ].map { Array($0.utf8) }

    static func isMissing(_ field: UnsafeRawBufferPointer) -> Bool {
        if field.isEmpty { return true }
        guard field.count <= 8 else { return false }
        // Every missing-value string starts with one of these: most fields are rejected here,
        // and the rest are compared in place, without building an array per field.
        switch field[0] {
        case UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "1"), UInt8(ascii: "<"), UInt8(ascii: "N"),
            UInt8(ascii: "n"):
            return missingValues.contains { candidate in
                candidate.count == field.count && candidate.elementsEqual(field)
            }
        default:
            return false
        }
    }

    /// An integer as `read_csv` takes one: optional spaces around, an optional sign, digits.
    /// `nil` when the field is not one, or does not fit an Int64 (pandas would widen the column).
    static func int64(_ field: UnsafeRawBufferPointer) -> Int64? {
        let (trimmedStart, end) = trimmedSpaces(field)
        var start = trimmedStart
        guard start < end else { return nil }
        var negative = false
        if field[start] == UInt8(ascii: "-") || field[start] == UInt8(ascii: "+") {
            negative = field[start] == UInt8(ascii: "-")
            start += 1
            guard start < end else { return nil }
        }
        var magnitude: UInt64 = 0
        while start < end {
            let digit = field[start] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            start += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// A decimal number as `read_csv` takes one: optional spaces around, sign, digits with an
    /// optional point, an optional exponent; or `inf`/`infinity` in any case. `nil` otherwise.
    static func double(_ field: UnsafeRawBufferPointer) -> Double? {
        let (start, end) = trimmedSpaces(field)
        guard start < end else { return nil }
        var position = start
        var negative = false
        if field[position] == UInt8(ascii: "-") || field[position] == UInt8(ascii: "+") {
            negative = field[position] == UInt8(ascii: "-")
            position += 1
        }
        // Short decimals without exponent, the usual case, by Clinger's fast path: an integer
        // mantissa below 2^53 divided by an exact power of ten is correctly rounded.
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        var index = position
        while index < end {
            let byte = field[index]
            if byte == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                if mantissa != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                if sawPoint { fractionDigits += 1 }
            } else {
                break
            }
            index += 1
        }
        let hasDigits = index - position > (sawPoint ? 1 : 0)
        if index == end && hasDigits && digits <= 15 && fractionDigits <= 22 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        return slowDouble(field, start: start, end: end)
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Validates the grammar, then lets strtod round.
    private static func slowDouble(_ field: UnsafeRawBufferPointer, start: Int, end: Int) -> Double? {
        var text = Array(field[start..<end])
        var position = 0
        if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") { position = 1 }
        let rest = String(decoding: text[position...], as: UTF8.self).lowercased()
        if rest == "inf" || rest == "infinity" {
            return text[0] == UInt8(ascii: "-") ? -.infinity : .infinity
        }
        var mantissaDigits = 0
        var sawPoint = false
        while position < text.count {
            let byte = text[position]
            if byte == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                mantissaDigits += 1
            } else {
                break
            }
            position += 1
        }
        guard mantissaDigits > 0 else { return nil }
        if position < text.count {
            guard text[position] == UInt8(ascii: "e") || text[position] == UInt8(ascii: "E") else { return nil }
            position += 1
            if position < text.count && (text[position] == UInt8(ascii: "-") || text[position] == UInt8(ascii: "+")) {
                position += 1
            }
            var exponentDigits = 0
            while position < text.count && text[position] &- UInt8(ascii: "0") < 10 {
                exponentDigits += 1
                position += 1
            }
            guard exponentDigits > 0, position == text.count else { return nil }
        }
        text.append(0)
        return text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { strtod($0.baseAddress!, nil) }
        }
    }

    /// An ISO `YYYY-M[M]-D[D]` date as days since 1970-01-01, as `to_datetime(errors="coerce")`
    /// reads one once it has inferred the ISO format from the column: four-digit year (0000 too),
    /// one- or two-digit month and day, a real calendar date, nothing around it. `nil` otherwise.
    static func isoDate(_ field: UnsafeRawBufferPointer) -> Int32? {
        let count = field.count
        guard count >= 8, count <= 10, field[4] == UInt8(ascii: "-") else { return nil }
        guard let year = digits(field, 0, 4) else { return nil }
        let secondDash: Int
        if field[6] == UInt8(ascii: "-") {
            secondDash = 6
        } else if count >= 9 && field[7] == UInt8(ascii: "-") {
            secondDash = 7
        } else {
            return nil
        }
        let dayLength = count - secondDash - 1
        guard (1...2).contains(dayLength), let month = digits(field, 5, secondDash - 5),
            let day = digits(field, secondDash + 1, dayLength)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: Int64(year), month: month)
        else {
            return nil
        }
        return Int32(CivilCalendar.days(year: Int64(year), month: month, day: day))
    }

    private static func digits(_ field: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for index in start..<(start + length) {
            let digit = field[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    private static func trimmedSpaces(_ field: UnsafeRawBufferPointer) -> (Int, Int) {
        var start = 0
        var end = field.count
        while start < end && field[start] == UInt8(ascii: " ") { start += 1 }
        while end > start && field[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return (start, end)
    }
}
