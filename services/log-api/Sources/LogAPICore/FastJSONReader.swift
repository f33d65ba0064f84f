import Contracts

/// Reads well-formed, unremarkable JSON into a ``JSONValue`` several times faster than Foundation's
/// `JSONDecoder`, which ``LogBodyParser`` otherwise uses for each body (a `JSONDecoder` reading a
/// `JSONValue` tries each kind in turn and throws on every miss).
///
/// Guarantees: when it returns a value, `ContractCoding.decode(JSONValue.self, …)` returns the same
/// value for the same bytes (the unit tests compare the two). It returns `nil`, and the caller uses
/// `ContractCoding`, for anything where the two could disagree or where only `ContractCoding`
/// explains what is wrong: invalid JSON, a byte order mark, invalid UTF-8, duplicate keys, nesting
/// deeper than 64 levels, a number written with a fraction or exponent whose value is integral, or
/// an integer beyond 64 bits.
enum FastJSONReader {
    static let maximumDepth = 64

    static func value(_ bytes: ArraySlice<UInt8>) -> JSONValue? {
        bytes.withUnsafeBufferPointer { buffer -> JSONValue? in
            var reader = Reader(bytes: buffer)
            guard let value = reader.value(depth: 0) else { return nil }
            reader.skipWhitespace()
            // (Not a ternary: `nil` there would become JSONValue.null.)
            guard reader.index == buffer.count else { return nil }
            return value
        }
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func value(depth: Int) -> JSONValue? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(depth: depth + 1)
        case UInt8(ascii: "["): return array(depth: depth + 1)
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    mutating func object(depth: Int) -> JSONValue? {
        guard depth <= FastJSONReader.maximumDepth else { return nil }
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let member = value(depth: depth) else { return nil }
            // Which of two equal keys wins is Foundation's business: let it decide.
            guard members.updateValue(member, forKey: key) == nil else { return nil }
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default:
                return nil
            }
        }
    }

    mutating func array(depth: Int) -> JSONValue? {
        guard depth <= FastJSONReader.maximumDepth else { return nil }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            guard let element = value(depth: depth) else { return nil }
            elements.append(element)
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default:
                return nil
            }
        }
    }

    /// A string starting at the opening quote.
    mutating func string() -> String? {
        index += 1
        let start = index
        var plainASCII = true
        // The common case: no escapes. Find the closing quote.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if plainASCII { return String(decoding: raw, as: UTF8.self) }
                return String(validating: raw, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { plainASCII = false }
            index += 1
        }
        guard index < bytes.count else { return nil }
        // Escapes: build the string's UTF-8 bytes.
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard unescape(into: &utf8) else { return nil }
            case 0..<0x20:
                return nil
            default:
                utf8.append(byte)
                index += 1
            }
        }
        return nil
    }

    /// One escape sequence at `index` (the backslash), appended to `utf8` as UTF-8.
    mutating func unescape(into utf8: inout [UInt8]) -> Bool {
        guard index + 1 < bytes.count else { return false }
        let kind = bytes[index + 1]
        index += 2
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(kind)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            guard var scalar = hexQuad() else { return false }
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { return false }
                index += 2
                guard let low = hexQuad(), (0xDC00...0xDFFF).contains(low) else { return false }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                return false
            }
            guard let unicode = Unicode.Scalar(scalar) else { return false }
            utf8.append(contentsOf: UTF8.encode(unicode)!)
        default:
            return false
        }
        return true
    }

    mutating func hexQuad() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A number in RFC 8259's grammar: an integer that fits 64 bits, or a value with a fraction or
    /// exponent that is not integral (Foundation reads integral ones as integers; so would we, but
    /// its rules for them are not worth copying).
    mutating func number() -> JSONValue? {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { return nil }
        if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count, isDigit(bytes[index + 1]) { return nil }
        skipDigits()
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral {
            // "-0" is left to Foundation, as are integers beyond 64 bits.
            guard text != "-0", let int = Int64(text) else { return nil }
            return .int(int)
        }
        guard let double = Double(text), double.isFinite, double != double.rounded(.towardZero) else { return nil }
        return .number(double)
    }

    mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return nil }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { return nil }
        index += count
        return value
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
