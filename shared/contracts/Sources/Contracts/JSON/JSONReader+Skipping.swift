/// Skipping: any value validated and stepped over, e.g. the members a typed reader does not want.
extension JSONReader {
    /// Validates and steps over the next value.
    public mutating func skipValue() throws(JSONSyntaxError) {
        guard let byte = peek() else { throw JSONSyntaxError(offset: index, reason: .expectedValue) }
        switch byte {
        case UInt8(ascii: "{"):
            try enterContainer()
            let firstKey = keys.count
            defer {
                if firstKey < keys.count {
                    keyBytes.removeSubrange(keys[firstKey].bytes.lowerBound...)
                    keys.removeSubrange(firstKey...)
                }
            }
            var first = true
            while try !closes(UInt8(ascii: "}"), first: &first, reason: .expectedCommaOrBrace) {
                try skipKey(after: firstKey)
                try colon()
                try skipValue()
            }
        case UInt8(ascii: "["):
            try enterContainer()
            var first = true
            while try nextElement(&first) { try skipValue() }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try scanNumber()
            // Only an exponent, or more digits than a Double holds, can overflow: check just those.
            if !token.isInteger || token.range.count > 300 {
                if token.range.count > 300 || bytes[token.range].contains(where: { $0 | 0x20 == UInt8(ascii: "e") }) {
                    _ = try doubleValue(token)
                }
            }
        default:
            throw JSONSyntaxError(offset: index, reason: .expectedValue)
        }
    }

    /// Validates and steps over the next value, returning where its text is: to pass a value on as the sender
    /// wrote it (a `jsonb` column, a message body) without building and writing it again.
    public mutating func skipValueReturningRange() throws(JSONSyntaxError) -> Range<Int> {
        skipWhitespace()
        let start = index
        try skipValue()
        return start..<index
    }
}
