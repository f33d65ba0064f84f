/// The one JSON lexer of the project: a cursor over UTF-8 bytes (RFC 8259) that reads the values a caller asks
/// for, in order, and validates everything it skips.
///
/// Every other JSON front-end is built on it: ``JSONValue/parse(_:)`` (a value tree), ``JSONDiagnostics`` (line,
/// column and field path of the first problem), the services' typed message readers (fields read in place, the
/// rest skipped), and the fixed layouts of cached values (``expect(_:)``).
///
/// Guarantees:
/// - One grammar: strict RFC 8259 over UTF-8; no comments, no trailing commas (Foundation allows them), no `NaN`.
/// - One UTF-8 check (``UTF8Check``) and one depth limit (``maximumDepth``, Foundation's), applied alike by every
///   front-end.
/// - It refuses a little that JSON allows, exactly where readers disagree on the meaning: a key repeated in one
///   object (Foundation keeps the first, PostgreSQL's jsonb the last), a number beyond `Double`, a lone UTF-16
///   surrogate in a `\u` escape.
/// - Every refusal is a ``JSONSyntaxError`` naming the byte offset and the reason, the same whichever front-end
///   read the document.
///
/// The reader borrows `bytes`: use it inside `withUnsafeBufferPointer`.
@frozen
public struct JSONReader {
    /// Arrays and objects nest at most this deep (Foundation's `JSONDecoder` refuses deeper documents too).
    public static let maximumDepth = 512

    public let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    public var index: Int
    /// Arrays and objects opened and not yet closed around ``index``.
    public var depth: Int { openContainers }
    @usableFromInline var openContainers = 0
    /// The decoded keys of the objects being skipped, innermost last, to refuse a repeated key.
    @usableFromInline var keyBytes: [UInt8] = []
    @usableFromInline var keys: [SkippedKey] = []

    public init(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    // MARK: whitespace and single bytes

    @inlinable
    public mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte that is not whitespace, not consumed; nil at the end of the text.
    @inlinable
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// True at the end of the text, whitespace aside.
    @inlinable
    public mutating func isAtEnd() -> Bool {
        peek() == nil
    }

    /// Refuses anything but whitespace after the value just read.
    @inlinable
    public mutating func expectEnd() throws(JSONSyntaxError) {
        guard isAtEnd() else { throw JSONSyntaxError(offset: index, reason: .trailingContent) }
    }

    /// Consumes exactly `literal` (after whitespace): the fixed parts of a layout this project wrote itself.
    @inlinable
    public mutating func expect(_ literal: StaticString) throws(JSONSyntaxError) {
        skipWhitespace()
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else {
            throw JSONSyntaxError(offset: index, reason: .unexpectedKind(expected: "'\(literal)'"))
        }
        let start = literal.utf8Start
        var offset = 0
        while offset < count {
            guard bytes[index + offset] == start[offset] else {
                throw JSONSyntaxError(offset: index, reason: .unexpectedKind(expected: "'\(literal)'"))
            }
            offset += 1
        }
        index += count
    }

    // MARK: containers

    /// Consumes the `{` of an object; then call ``nextMember(_:)`` until it returns nil.
    @inlinable
    public mutating func beginObject() throws(JSONSyntaxError) {
        guard peek() == UInt8(ascii: "{") else {
            throw JSONSyntaxError(offset: index, reason: .unexpectedKind(expected: "an object"))
        }
        try enterContainer()
    }

    /// The key of the next member of the object being read, whose value comes next; nil after the closing
    /// brace. `first` starts true for each object.
    @inlinable
    public mutating func nextMember(_ first: inout Bool) throws(JSONSyntaxError) -> String? {
        if try closes(UInt8(ascii: "}"), first: &first, reason: .expectedCommaOrBrace) { return nil }
        guard peek() == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: index, reason: .expectedKey) }
        let key = try readString()
        try colon()
        return key
    }

    /// Consumes the `[` of an array; then call ``nextElement(_:)`` until it returns false.
    @inlinable
    public mutating func beginArray() throws(JSONSyntaxError) {
        guard peek() == UInt8(ascii: "[") else {
            throw JSONSyntaxError(offset: index, reason: .unexpectedKind(expected: "an array"))
        }
        try enterContainer()
    }

    /// Whether another element of the array being read comes next; consumes the closing bracket when not.
    @inlinable
    public mutating func nextElement(_ first: inout Bool) throws(JSONSyntaxError) -> Bool {
        try !closes(UInt8(ascii: "]"), first: &first, reason: .expectedCommaOrBracket)
    }

    /// At `[` or `{`: steps in, within the depth limit.
    @inlinable
    mutating func enterContainer() throws(JSONSyntaxError) {
        guard openContainers < Self.maximumDepth else { throw JSONSyntaxError(offset: index, reason: .tooDeep) }
        openContainers += 1
        index += 1
    }

    /// Consumes the closing byte and returns true, or consumes the separator before a next member or element.
    @inlinable
    mutating func closes(
        _ closing: UInt8, first: inout Bool, reason: JSONSyntaxError.Reason
    ) throws(JSONSyntaxError)
        -> Bool
    {
        let byte = peek()
        if first {
            first = false
            if byte == closing {
                index += 1
                openContainers -= 1
                return true
            }
            return false
        }
        if byte == closing {
            index += 1
            openContainers -= 1
            return true
        }
        guard byte == UInt8(ascii: ",") else { throw JSONSyntaxError(offset: index, reason: reason) }
        index += 1
        return false
    }

    @inlinable
    mutating func colon() throws(JSONSyntaxError) {
        guard peek() == UInt8(ascii: ":") else { throw JSONSyntaxError(offset: index, reason: .expectedColon) }
        index += 1
    }

    // MARK: literals

    /// Consumes `null` if it comes next.
    @inlinable
    public mutating func consumeNull() throws(JSONSyntaxError) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// `true` or `false`.
    public mutating func readBool() throws(JSONSyntaxError) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            throw JSONSyntaxError(offset: index, reason: .unexpectedKind(expected: "a boolean"))
        }
    }

    /// Consumes `word` (`true`, `false` or `null`) at ``index``.
    @inlinable
    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        var offset = 0
        while offset < count {
            guard index + offset < bytes.count, bytes[index + offset] == start[offset] else {
                throw JSONSyntaxError(offset: index, reason: .expectedValue)
            }
            offset += 1
        }
        index += count
    }
}

/// A key of an object being skipped: where its decoded bytes are in ``JSONReader/keyBytes``.
@usableFromInline
struct SkippedKey {
    @usableFromInline let bytes: Range<Int>
    @usableFromInline let isASCII: Bool

    @usableFromInline
    init(bytes: Range<Int>, isASCII: Bool) {
        self.bytes = bytes
        self.isASCII = isASCII
    }
}
