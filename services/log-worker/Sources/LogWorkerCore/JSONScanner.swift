import Foundation

/// A strict, allocation-light reader of JSON text (RFC 8259, UTF-8) for ``LogMessageReader``:
/// it reads the values the reader asks for and validates the ones it skips, so that a document it
/// gets through is a valid JSON document.
///
/// It throws ``Unreadable`` at the first thing it does not accept, without saying why: its caller
/// then hands the document to `ContractCoding`, whose error names the position and the field. It
/// rejects a little more than JSON forbids (nesting deeper than ``maximumDepth``, a number too
/// large for a `Double`, a lone UTF-16 surrogate in an escape, a key repeated in an object),
/// exactly where the contracts' decoder also refuses or could read the value differently
/// (Foundation keeps the first of repeated keys, PostgreSQL's jsonb the last).
struct JSONScanner {
    /// Not JSON, or not what the caller expected here.
    struct Unreadable: Error {}

    /// Below Foundation's limit of 512, so that nothing the contracts refuse for depth gets through.
    static let maximumDepth = 500

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index = 0
    /// The keys of the objects being skipped, innermost last: their unescaped bytes, and where
    /// each one is in them. To refuse a repeated key, which Foundation and PostgreSQL resolve
    /// differently (the first or the last wins).
    private var keyBytes: [UInt8] = []
    private var keys: [(bytes: Range<Int>, isASCII: Bool)] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: structure

    /// Continues reading at `position` (a place an earlier read passed).
    mutating func move(to position: Int) {
        index = position
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte that is not whitespace, not consumed.
    mutating func peek() throws(Unreadable) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw Unreadable() }
        return bytes[index]
    }

    mutating func consume(_ byte: UInt8) throws(Unreadable) {
        guard try peek() == byte else { throw Unreadable() }
        index += 1
    }

    /// True at the end of the text, whitespace aside.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return index == bytes.count
    }

    /// Consumes `null` if it comes next.
    mutating func consumeNull() throws(Unreadable) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// The key of the next member of the object being read (its value comes next), or nil after
    /// the closing brace. Call it after consuming `{`, with `first` true before the first member.
    mutating func nextMember(_ first: inout Bool) throws(Unreadable) -> String? {
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !first { try consume(UInt8(ascii: ",")) }
        first = false
        guard try peek() == UInt8(ascii: "\"") else { throw Unreadable() }
        let key = try readString()
        try consume(UInt8(ascii: ":"))
        return key
    }

    /// Whether another element of the array being read comes next (after `[`, consumed by the
    /// caller); consumes the closing bracket when not.
    mutating func nextElement(_ first: inout Bool) throws(Unreadable) -> Bool {
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return false
        }
        if !first { try consume(UInt8(ascii: ",")) }
        first = false
        return true
    }

    // MARK: values

    /// A string, unescaped.
    mutating func readString() throws(Unreadable) -> String {
        try consume(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                guard UTF8Validation.isValid(raw) else { throw Unreadable() }
                return String(decoding: raw, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw Unreadable() }
            index += 1
        }
        // Escapes: decode into a buffer from the start.
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while true {
            guard index < bytes.count else { throw Unreadable() }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: decoded, as: UTF8.self) else { throw Unreadable() }
                return string
            case UInt8(ascii: "\\"):
                try readEscape(into: &decoded)
            case ..<0x20:
                throw Unreadable()
            default:
                decoded.append(byte)
            }
        }
    }

    /// A string that must be skipped but be valid.
    mutating func skipString() throws(Unreadable) {
        try consume(UInt8(ascii: "\""))
        var start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) else {
                    throw Unreadable()
                }
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                guard UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) else {
                    throw Unreadable()
                }
                index += 1
                _ = try readEscape() as Unicode.Scalar
                start = index
                continue
            }
            guard byte >= 0x20 else { throw Unreadable() }
            index += 1
        }
        throw Unreadable()
    }

    /// A key of an object being skipped, whose keys so far are `keys[firstKey...]`: refused when it
    /// is one of them again. Keys compare as Foundation compares them, as Swift strings (where
    /// "K" and KELVIN SIGN are the same), whenever one of the two is not ASCII.
    private mutating func skipKey(after firstKey: Int) throws(Unreadable) {
        try consume(UInt8(ascii: "\""))
        let start = keyBytes.count
        while true {
            guard index < bytes.count else { throw Unreadable() }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                let key = start..<keyBytes.count
                let isASCII = keyBytes[key].allSatisfy { $0 < 0x80 }
                guard isASCII || keyBytes[key].withUnsafeBufferPointer(UTF8Validation.isValid) else {
                    throw Unreadable()
                }
                for other in keys[firstKey...] where isSameKey(other.bytes, key, ascii: other.isASCII && isASCII) {
                    throw Unreadable()
                }
                keys.append((key, isASCII))
                return
            case UInt8(ascii: "\\"):
                keyBytes.append(contentsOf: UTF8.encode(try readEscape())!)
            case ..<0x20:
                throw Unreadable()
            default:
                keyBytes.append(byte)
            }
        }
    }

    private func isSameKey(_ one: Range<Int>, _ other: Range<Int>, ascii: Bool) -> Bool {
        if ascii { return keyBytes[one].elementsEqual(keyBytes[other]) }
        return String(decoding: keyBytes[one], as: UTF8.self) == String(decoding: keyBytes[other], as: UTF8.self)
    }

    /// After a backslash: one escape, appended as UTF-8.
    private mutating func readEscape(into output: inout [UInt8]) throws(Unreadable) {
        output.append(contentsOf: UTF8.encode(try readEscape())!)
    }

    /// After a backslash: the character of one escape.
    private mutating func readEscape() throws(Unreadable) -> Unicode.Scalar {
        guard index < bytes.count else { throw Unreadable() }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            var scalar = UInt32(try readHex4())
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw Unreadable() }
                index += 2
                let low = UInt32(try readHex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw Unreadable() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw Unreadable()
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Unreadable() }
            return unicode
        default:
            throw Unreadable()
        }
    }

    private mutating func readHex4() throws(Unreadable) -> UInt16 {
        guard index + 4 <= bytes.count else { throw Unreadable() }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unreadable()
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// A non-negative integer written with digits only (no sign, fraction or exponent).
    mutating func readInteger() throws(Unreadable) -> Int {
        skipWhitespace()
        let start = index
        var value = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw Unreadable() }
            value = product + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start, index - start == 1 || bytes[start] != UInt8(ascii: "0") else { throw Unreadable() }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            throw Unreadable()
        }
        return value
    }

    private mutating func literal(_ text: StaticString) throws(Unreadable) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Unreadable() }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { throw Unreadable() }
        index += count
    }

    /// A number: the JSON grammar, and finite as a `Double` (the contracts read numbers as `Double`).
    private mutating func skipNumber() throws(Unreadable) {
        let start = index
        func digits(_ scanner: inout JSONScanner) -> Int {
            let first = scanner.index
            while scanner.index < scanner.bytes.count,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(scanner.bytes[scanner.index])
            {
                scanner.index += 1
            }
            return scanner.index - first
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw Unreadable() }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits(&self) > 0 else { throw Unreadable() }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw Unreadable() }
        }
        var hasExponent = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            hasExponent = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits(&self) > 0 else { throw Unreadable() }
        }
        // Without an exponent, only a number of more than 308 digits overflows a Double.
        if hasExponent || index - start > 300 {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw Unreadable() }
        }
    }

    /// Any value, validated and skipped; `depth` counts the containers around it.
    mutating func skipValue(depth: Int) throws(Unreadable) {
        guard depth < Self.maximumDepth else { throw Unreadable() }
        switch try peek() {
        case UInt8(ascii: "{"):
            index += 1
            let firstKey = keys.count
            defer {
                if firstKey < keys.count {
                    keyBytes.removeSubrange(keys[firstKey].bytes.lowerBound...)
                    keys.removeSubrange(firstKey...)
                }
            }
            var first = true
            while try peek() != UInt8(ascii: "}") {
                if !first { try consume(UInt8(ascii: ",")) }
                first = false
                try skipKey(after: firstKey)
                try consume(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
            }
            index += 1
        case UInt8(ascii: "["):
            index += 1
            var first = true
            while try nextElement(&first) { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
        default:
            throw Unreadable()
        }
    }
}

/// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                upper = 0x9F
            case 0xF0:
                length = 4
                lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                upper = 0x8F
            default: return false
            }
            guard index + length <= count, (lower...upper).contains(bytes[index + 1]) else { return false }
            for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + offset]) { return false }
            index += length
        }
        return true
    }
}
