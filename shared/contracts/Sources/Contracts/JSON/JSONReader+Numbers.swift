/// Numbers: the grammar once, and the typed reads built on it.
extension JSONReader {
    /// Where a number is in the text, and whether it is written as an integer (no fraction, no exponent).
    public struct NumberToken: Sendable, Equatable {
        public let range: Range<Int>
        public let isInteger: Bool
    }

    /// Scans a number at ``index`` by RFC 8259's grammar; ``index`` moves past it.
    public mutating func scanNumber() throws(JSONSyntaxError) -> NumberToken {
        skipWhitespace()
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw JSONSyntaxError(offset: index, reason: .expectedDigitAfterMinus)
            }
        }
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw JSONSyntaxError(offset: index, reason: .unexpectedKind(expected: "a number"))
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw JSONSyntaxError(offset: index, reason: .leadingZero)
            }
        } else {
            skipDigits()
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw JSONSyntaxError(offset: index, reason: .expectedFractionDigit)
            }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw JSONSyntaxError(offset: index, reason: .expectedExponentDigit)
            }
            skipDigits()
        }
        return NumberToken(range: start..<index, isInteger: isInteger)
    }

    /// A number written as an integer (no fraction or exponent) that fits 64 bits.
    public mutating func readInteger() throws(JSONSyntaxError) -> Int64 {
        let token = try scanNumber()
        guard token.isInteger else {
            throw JSONSyntaxError(offset: token.range.lowerBound, reason: .unexpectedKind(expected: "an integer"))
        }
        guard let value = integerValue(token) else {
            throw JSONSyntaxError(offset: token.range.lowerBound, reason: .numberOutOfRange)
        }
        return value
    }

    /// Any number, as a `Double` (finite: a number beyond `Double` is refused).
    public mutating func readDouble() throws(JSONSyntaxError) -> Double {
        let token = try scanNumber()
        return try doubleValue(token)
    }

    /// The value of an integer token, or nil beyond 64 bits.
    public func integerValue(_ token: NumberToken) -> Int64? {
        var position = token.range.lowerBound
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var magnitude: UInt64 = 0
        while position < token.range.upperBound {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[position] &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            position += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// The value of any number token as a `Double`; refuses one beyond `Double`'s range.
    public func doubleValue(_ token: NumberToken) throws(JSONSyntaxError) -> Double {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[token.range]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONSyntaxError(offset: token.range.lowerBound, reason: .numberOutOfRange)
        }
        return value
    }

    @inlinable
    mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    @inlinable
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
