/// Finds the first place where a document breaks the JSON grammar (RFC 8259, UTF-8), to say where and why a
/// document is not JSON in words that do not depend on Foundation.
///
/// It runs only after a decode failed, so it favours clear messages over speed. It is strict RFC 8259: it rejects
/// some documents Foundation's lenient parser accepts (a trailing comma), and accepts valid JSON that Foundation
/// cannot hold (a number beyond `Double`), which then gets the field's own error.
enum JSONSyntaxCheck {
    /// Foundation's `JSONDecoder` refuses documents nested deeper than this.
    static let maximumDepth = 512

    struct Problem: Equatable {
        let line: Int
        let column: Int
        let message: String
    }

    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var scanner = Scanner(bytes: bytes)
        do {
            try scanner.document()
            return nil
        } catch {
            let (line, column) = position(of: error.offset, in: bytes)
            return Problem(line: line, column: column, message: error.message)
        }
    }

    /// Line and column (from 1, columns in Unicode scalars) of a byte offset.
    private static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

private struct SyntaxError: Error {
    let offset: Int
    let message: String
}

private struct Scanner {
    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func document() throws(SyntaxError) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
        } else if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])
            || (bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0))
        {
            throw SyntaxError(offset: 0, message: "the document is not UTF-8 text")
        }
        skipWhitespace()
        guard index < bytes.count else {
            throw SyntaxError(offset: index, message: "the document is empty")
        }
        try value()
        skipWhitespace()
        guard index == bytes.count else {
            throw failure("unexpected content after the end of the JSON value, found")
        }
    }

    private mutating func value() throws(SyntaxError) {
        skipWhitespace()
        guard let byte = current else {
            throw failure("expected a value, found")
        }
        switch byte {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: throw failure("expected a value, found")
        }
    }

    private mutating func object() throws(SyntaxError) {
        try enter()
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw failure("expected a string as object key, found")
            }
            try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw failure("expected ':' after an object key, found")
            }
            index += 1
            try value()
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return
            default:
                throw failure("expected ',' or '}' after an object member, found")
            }
        }
    }

    private mutating func array() throws(SyntaxError) {
        try enter()
        index += 1
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return
        }
        while true {
            try value()
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return
            default:
                throw failure("expected ',' or ']' after an array element, found")
            }
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        guard depth <= JSONSyntaxCheck.maximumDepth else {
            throw SyntaxError(
                offset: index,
                message: "arrays and objects are nested deeper than \(JSONSyntaxCheck.maximumDepth) levels"
            )
        }
    }

    private mutating func string() throws(SyntaxError) {
        index += 1
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                try escape()
            case 0..<0x20:
                throw failure("control characters must be escaped in a string, found")
            case 0x80...:
                try multibyteScalar()
            default:
                index += 1
            }
        }
        throw failure("unterminated string, found")
    }

    private mutating func escape() throws(SyntaxError) {
        let start = index
        index += 1
        guard let byte = current else {
            throw failure("unterminated string, found")
        }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 1
        case UInt8(ascii: "u"):
            index += 1
            let unit = try hexQuad(escapeStart: start)
            if (0xDC00...0xDFFF).contains(unit) {
                throw SyntaxError(offset: start, message: "a \\u escape has a low surrogate without a high one")
            }
            if (0xD800...0xDBFF).contains(unit) {
                let lowStart = index
                guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw SyntaxError(offset: start, message: "a \\u escape has a high surrogate without a low one")
                }
                index += 2
                let low = try hexQuad(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw SyntaxError(offset: start, message: "a \\u escape has a high surrogate without a low one")
                }
            }
        default:
            throw SyntaxError(offset: start, message: "invalid escape sequence in a string, found \(describe(start))")
        }
    }

    private mutating func hexQuad(escapeStart: Int) throws(SyntaxError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = hexDigit(byte) else {
                throw SyntaxError(offset: escapeStart, message: "a \\u escape needs four hexadecimal digits")
            }
            unit = unit << 4 | digit
            index += 1
        }
        return unit
    }

    private func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Steps over one well-formed UTF-8 sequence of two to four bytes.
    private mutating func multibyteScalar() throws(SyntaxError) {
        guard let length = scalarLength(at: index) else {
            throw SyntaxError(offset: index, message: "the text is not valid UTF-8")
        }
        index += length
    }

    /// The length of the well-formed UTF-8 sequence at `position` (Unicode 15, table 3-7), or `nil`.
    private func scalarLength(at position: Int) -> Int? {
        let lead = bytes[position]
        let (length, secondRange): (Int, ClosedRange<UInt8>)
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: (length, secondRange) = (2, 0x80...0xBF)
        case 0xE0: (length, secondRange) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, secondRange) = (3, 0x80...0xBF)
        case 0xED: (length, secondRange) = (3, 0x80...0x9F)
        case 0xF0: (length, secondRange) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, secondRange) = (4, 0x80...0xBF)
        case 0xF4: (length, secondRange) = (4, 0x80...0x8F)
        default: return nil
        }
        guard position + length <= bytes.count, secondRange.contains(bytes[position + 1]) else { return nil }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[position + offset]) {
            return nil
        }
        return length
    }

    private mutating func number() throws(SyntaxError) {
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else {
            throw failure("expected a digit after '-', found")
        }
        index += 1
        if first == UInt8(ascii: "0"), let next = current, isDigit(next) {
            throw failure("numbers must not have leading zeros, found")
        }
        skipDigits()
        if current == UInt8(ascii: ".") {
            index += 1
            guard let byte = current, isDigit(byte) else {
                throw failure("expected a digit after the decimal point, found")
            }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, isDigit(byte) else {
                throw failure("expected a digit in the exponent, found")
            }
            skipDigits()
        }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        let start = index
        for expected in word.utf8 {
            guard current == expected else {
                throw SyntaxError(offset: start, message: "expected a value, found \(describe(start))")
            }
            index += 1
        }
    }

    private var current: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = current,
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            index += 1
        }
    }

    private mutating func skipDigits() {
        while let byte = current, isDigit(byte) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// An error at the current position whose message ends with what is there.
    private func failure(_ message: String) -> SyntaxError {
        SyntaxError(offset: index, message: "\(message) \(describe(index))")
    }

    /// `'x'`, `U+0009`, `the end of the document`, or `an invalid UTF-8 byte`; a word that starts there is shown
    /// whole (up to 20 characters): `'nul'`, `'True'`.
    private func describe(_ position: Int) -> String {
        guard position < bytes.count else { return "the end of the document" }
        let byte = bytes[position]
        if byte < 0x20 || byte == 0x7F {
            return "U+" + Excerpt.hex4(UInt32(byte))
        }
        if byte < 0x80 {
            var end = position
            while end < bytes.count, end - position < 20, isWordByte(bytes[end]) { end += 1 }
            if end > position + 1 {
                return "'" + String(decoding: bytes[position..<end], as: UTF8.self) + "'"
            }
            return "'" + String(UnicodeScalar(byte)) + "'"
        }
        guard let length = scalarLength(at: position) else { return "an invalid UTF-8 byte" }
        return "'" + String(decoding: bytes[position..<position + length], as: UTF8.self) + "'"
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
