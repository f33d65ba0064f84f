import Contracts

/// How pandas' `to_csv` writes values: integers in decimal, floats as Python's `repr` (the
/// shortest text that reads back as the same double: `3.0`, `139.55`, `1e+16`), missing values
/// as nothing, dates of a date-only column as `YYYY-MM-DD`, and text quoted only when it holds a
/// comma, a quote or a line feed (csv.QUOTE_MINIMAL with pandas' `\n` line terminator).
enum PandasCSVFormat {
    static func append(_ value: Int64, to output: inout [UInt8]) {
        if value >= 0 && value < 10 {
            output.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, filled from the end
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                count += 1
                buffer[24 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { output.append(UInt8(ascii: "-")) }
            output.append(
                contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]).assumingMemoryBound(
                    to: UInt8.self))
        }
    }

    /// Python's `repr` of a double, which Swift's `description` matches (shortest round trip,
    /// exponent form below 1e-4 and from 1e16 on, `.0` on whole numbers), save for the words of
    /// infinity.
    static func append(_ value: Double, to output: inout [UInt8]) {
        if value == value.rounded(.towardZero) && abs(value) < 1e15 {
            append(Int64(value), to: &output)  // whole numbers, the common case, without formatting
            if value == 0 && value.sign == .minus { output.insert(UInt8(ascii: "-"), at: output.count - 1) }
            output.append(UInt8(ascii: "."))
            output.append(UInt8(ascii: "0"))
            return
        }
        if value.isInfinite {
            output.append(contentsOf: value < 0 ? Array("-inf".utf8) : Array("inf".utf8))
            return
        }
        if appendShortDecimal(value, to: &output) { return }
        output.append(contentsOf: value.description.utf8)
    }

    private static let powersOfTen: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6]

    /// Prices and the like without building a String: the fewest decimals `k` (up to 6) whose
    /// decimal `m / 10^k` reads back as `value` is its shortest round-trip text, which is what repr
    /// prints for magnitudes from 1e-4 to 1e16. `m` and `10^k` are exact doubles, so `m / 10^k`
    /// is the correctly rounded reading of that decimal. False when no such short form exists.
    private static func appendShortDecimal(_ value: Double, to output: inout [UInt8]) -> Bool {
        let magnitude = abs(value)
        guard magnitude >= 1e-4, magnitude < 1e9 else { return false }
        for decimals in 1..<powersOfTen.count {
            let scale = powersOfTen[decimals]
            let scaled = (magnitude * scale).rounded()
            guard scaled / scale == magnitude else { continue }
            let digits = Int64(scaled)
            let divisor = Int64(scale)
            if value < 0 { output.append(UInt8(ascii: "-")) }
            append(digits / divisor, to: &output)
            output.append(UInt8(ascii: "."))
            var fraction = digits % divisor
            var place = divisor / 10
            while place > 0 {
                output.append(UInt8(ascii: "0") + UInt8(fraction / place))
                fraction %= place
                place /= 10
            }
            return true
        }
        return false
    }

    static func appendDate(daysSinceEpoch days: Int32, to output: inout [UInt8]) {
        let (year, month, day) = CivilCalendar.date(fromDays: Int64(days))
        appendPadded(Int(year), width: 4, to: &output)
        output.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2, to: &output)
        output.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2, to: &output)
    }

    static func appendText(_ field: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let needsQuotes = field.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A }
        guard needsQuotes else {
            output.append(contentsOf: field.assumingMemoryBound(to: UInt8.self))
            return
        }
        output.append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { output.append(byte) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendPadded(_ value: Int, width: Int, to output: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 1 && value < divisor {
            output.append(UInt8(ascii: "0"))
            divisor /= 10
        }
        append(Int64(value), to: &output)
    }
}
