import NIOCore

/// The headers of one part of a `multipart/form-data` body, and what `Content-Disposition` says
/// of it (RFC 7578 §4.2): the form field's `name` and, for a file, its `filename`.
struct MultipartPartHeaders: Sendable, Equatable {
    /// Header names in lower case, values without surrounding white space, in the order given.
    let fields: [(name: String, value: String)]

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    /// Reads a header block: lines `Name: value` each ending in CRLF (a line starting with a space
    /// or tab continues the one before). Names and values are UTF-8, as browsers send file names.
    init(block: ByteBuffer) throws(MultipartError) {
        var fields: [(name: String, value: String)] = []
        let text = String(decoding: block.readableBytesView, as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            if line.first == " " || line.first == "\t" {
                guard let last = fields.popLast() else { throw .malformed("a header continuation with no header") }
                fields.append((last.name, last.value + " " + Self.trimmed(line)))
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw .malformed("a part header without a name and ':'")
            }
            let name = line[..<colon]
            guard name.utf8.allSatisfy(Self.isTokenByte) else { throw .malformed("a part header name with '\(name)'") }
            fields.append((name.lowercased(), Self.trimmed(line[line.index(after: colon)...])))
        }
        self.init(fields: fields)
    }

    /// The value of the first header named `name` (lower case).
    subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The part's `Content-Disposition`, when it has one.
    var disposition: ContentDisposition? {
        self["content-disposition"].flatMap(ContentDisposition.init(_:))
    }

    /// The part's `Content-Type`, when it has one.
    var contentType: String? { self["content-type"] }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// RFC 7230 token characters.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// A `Content-Disposition` value: its type and parameters (RFC 6266, RFC 7578), e.g.
/// `form-data; name="file"; filename="x.json"`.
struct ContentDisposition: Sendable, Equatable {
    /// `form-data`, `attachment`, … in lower case.
    let type: String
    /// Parameter names in lower case, values unquoted.
    let parameters: [String: String]

    /// The form field's name.
    var name: String? { parameters["name"] }

    /// The file's name: `filename*` (RFC 8187, `UTF-8''…` percent-encoded) when given and
    /// readable, else `filename`.
    var filename: String? {
        if let extended = parameters["filename*"], let decoded = Self.decodeExtended(extended) { return decoded }
        return parameters["filename"]
    }

    /// Parses a value; nil when it is not one.
    init?(_ value: String) {
        var scanner = ParameterScanner(Array(value.utf8))
        guard let type = scanner.token(), !type.isEmpty else { return nil }
        self.type = type.lowercased()
        var parameters: [String: String] = [:]
        while scanner.skip(";") {
            guard let name = scanner.token(), !name.isEmpty, scanner.skip("="), let value = scanner.value() else {
                return nil
            }
            // The first of a repeated parameter counts.
            if parameters[name.lowercased()] == nil { parameters[name.lowercased()] = value }
        }
        guard scanner.atEnd else { return nil }
        self.parameters = parameters
    }

    /// `UTF-8''na%C3%AFve.json` → `naïve.json`; nil for another charset or bad escapes.
    static func decodeExtended(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        var bytes: [UInt8] = []
        var iterator = pieces[2].utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Reads `token` and `token=value` pieces of a header value, where a value is a token or a quoted
/// string with `\` escapes (RFC 7230 §3.2.6). Shared by `Content-Disposition` and `Content-Type`.
struct ParameterScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return position == bytes.count
        }
    }

    /// A run of token characters (possibly empty), after optional white space.
    mutating func token() -> String? {
        skipSpace()
        let start = position
        // '/' is kept in tokens so that a media type reads as one (`multipart/form-data`).
        while position < bytes.count, MultipartPartHeaders.isTokenByte(bytes[position]) || bytes[position] == 47 {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Skips white space and `character` if it comes next; false when something else does.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    /// A token or a quoted string; nil for an unterminated quoted string.
    mutating func value() -> String? {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return token() }
        position += 1
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\") where position < bytes.count:
                value.append(bytes[position])
                position += 1
            default:
                value.append(byte)
            }
        }
        return nil
    }

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") {
            position += 1
        }
    }
}
