/// The value-tree front-end of ``JSONReader``: a document read whole into a ``JSONValue``.
extension JSONValue {
    /// The value of the JSON document `bytes` (one value, whitespace around it allowed).
    ///
    /// Numbers read as ``JSONValue`` documents them: an integral value that fits `Int64` (`7`, `1.0`, `1e3`) is
    /// ``int(_:)``, any other ``number(_:)``. Throws the reader's ``JSONSyntaxError`` for anything it refuses,
    /// a repeated key included.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes)
        let value = try reader.readValue()
        try reader.expectEnd()
        return value
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try parse(buffer) }
    }

    public static func parse(_ bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try parse(buffer) }
    }
}

extension JSONReader {
    /// The next value, read whole.
    public mutating func readValue() throws(JSONSyntaxError) -> JSONValue {
        guard let byte = peek() else { throw JSONSyntaxError(offset: index, reason: .expectedValue) }
        switch byte {
        case UInt8(ascii: "{"):
            try enterContainer()
            var members: [String: JSONValue] = [:]
            var first = true
            while try !closes(UInt8(ascii: "}"), first: &first, reason: .expectedCommaOrBrace) {
                guard peek() == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: index, reason: .expectedKey) }
                let keyOffset = index
                let key = try readString()
                try colon()
                let member = try readValue()
                guard members.updateValue(member, forKey: key) == nil else {
                    throw JSONSyntaxError(offset: keyOffset, reason: .duplicateKey(key))
                }
            }
            return .object(members)
        case UInt8(ascii: "["):
            try enterContainer()
            var elements: [JSONValue] = []
            var first = true
            while try nextElement(&first) { elements.append(try readValue()) }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try scanNumber()
            if token.isInteger, let integer = integerValue(token) { return .int(integer) }
            let double = try doubleValue(token)
            // JSON does not tell 1.0 from 1: an integral value that fits is an integer, as Foundation reads it.
            if double.rounded(.towardZero) == double, double >= -0x1p63, double < 0x1p63 {
                return .int(Int64(double))
            }
            return .number(double)
        default:
            throw JSONSyntaxError(offset: index, reason: .expectedValue)
        }
    }
}
