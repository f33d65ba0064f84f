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
            output.append(contentsOf: buffer[(24 - count)...])
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
        output.append(contentsOf: value.description.utf8)
    }

    static func appendDate(daysSinceEpoch days: Int32, to output: inout [UInt8]) {
        let (year, month, day) = PandasText.civilDate(fromDays: Int(days))
        appendPadded(year, width: 4, to: &output)
        output.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2, to: &output)
        output.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2, to: &output)
    }

    static func appendText(_ field: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let needsQuotes = field.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A }
        guard needsQuotes else {
            output.append(contentsOf: field)
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
