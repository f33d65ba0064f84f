/// Why a JSON text was refused, and the byte offset where reading stopped.
///
/// Every front-end of the toolkit (``JSONReader``, ``JSONValue/parse(_:)``, ``JSONDiagnostics``) throws this one
/// error, so a document is refused for the same reason, at the same place, whichever front-end reads it.
/// ``message(in:)`` words it for people; ``JSONTextPosition`` turns the offset into a line and a column.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// A byte order mark of UTF-16 or UTF-32, or NUL bytes where text should start.
        case notUTF8Text
        case empty
        case trailingContent
        case expectedValue
        case expectedKey
        case expectedColon
        case expectedCommaOrBrace
        case expectedCommaOrBracket
        case tooDeep
        case controlCharacter
        case unterminatedString
        case invalidEscape
        case shortUnicodeEscape
        case loneLowSurrogate
        case loneHighSurrogate
        case invalidUTF8
        case expectedDigitAfterMinus
        case leadingZero
        case expectedFractionDigit
        case expectedExponentDigit
        /// A number whose value is beyond a `Double` (or, read as an integer, beyond 64 bits).
        case numberOutOfRange
        /// The same key twice in one object: Foundation keeps the first, PostgreSQL's jsonb the last, so the
        /// toolkit refuses to guess.
        case duplicateKey(String)
        /// A typed read found another kind of value: `expected` is a phrase such as "an integer".
        case unexpectedKind(expected: String)
    }

    public let offset: Int
    public let reason: Reason

    public init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    /// The reason in words, ending with what stands at the offset where that helps: "expected ':' after an
    /// object key, found '\"'".
    public func message(in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let found = JSONExcerpt.describe(bytes, at: offset)
        switch reason {
        case .notUTF8Text: return "the document is not UTF-8 text"
        case .empty: return "the document is empty"
        case .trailingContent: return "unexpected content after the end of the JSON value, found \(found)"
        case .expectedValue: return "expected a value, found \(found)"
        case .expectedKey: return "expected a string as object key, found \(found)"
        case .expectedColon: return "expected ':' after an object key, found \(found)"
        case .expectedCommaOrBrace: return "expected ',' or '}' after an object member, found \(found)"
        case .expectedCommaOrBracket: return "expected ',' or ']' after an array element, found \(found)"
        case .tooDeep: return "arrays and objects are nested deeper than \(JSONReader.maximumDepth) levels"
        case .controlCharacter: return "control characters must be escaped in a string, found \(found)"
        case .unterminatedString: return "unterminated string, found \(found)"
        case .invalidEscape: return "invalid escape sequence in a string, found \(found)"
        case .shortUnicodeEscape: return "a \\u escape needs four hexadecimal digits"
        case .loneLowSurrogate: return "a \\u escape has a low surrogate without a high one"
        case .loneHighSurrogate: return "a \\u escape has a high surrogate without a low one"
        case .invalidUTF8: return "the text is not valid UTF-8"
        case .expectedDigitAfterMinus: return "expected a digit after '-', found \(found)"
        case .leadingZero: return "numbers must not have leading zeros, found \(found)"
        case .expectedFractionDigit: return "expected a digit after the decimal point, found \(found)"
        case .expectedExponentDigit: return "expected a digit in the exponent, found \(found)"
        case .numberOutOfRange: return "numbers must fit a 64-bit floating-point value, found \(found)"
        case .duplicateKey(let key): return "the key \(JSONExcerpt.quoted(key)) appears twice in one object"
        case .unexpectedKind(let expected): return "expected \(expected), found \(found)"
        }
    }

    public func message(in bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { message(in: $0) }
    }
}

/// A place in a text: line and column from 1, columns counted in Unicode scalars.
public struct JSONTextPosition: Sendable, Equatable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of byte `offset` of `bytes`.
    public init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        for byte in UnsafeBufferPointer(rebasing: bytes[..<min(offset, bytes.count)]) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.init(line: line, column: column)
    }
}
