/// The diagnostics front-end of ``JSONReader``: where and why a document stops being JSON, as a person reads
/// it: line, column, the field path, and the reason in words.
///
/// It runs after a faster reader refused a document, so it favours clear messages over speed. It refuses what
/// the other front-ends refuse, at the same place (they share the lexer), with one exception: a number beyond
/// `Double` is valid JSON text, and is left to the reader of the field, whose error names the field.
public enum JSONDiagnostics {
    public struct Problem: Sendable, Equatable {
        public let line: Int
        public let column: Int
        /// The JSON path of the value being read when the problem was found (`payload.records[2].data`),
        /// empty at the top level.
        public let path: String
        public let message: String
        public let offset: Int
        public let reason: JSONSyntaxError.Reason
    }

    /// The first problem of the document `bytes`, or nil when it is valid JSON.
    ///
    /// A UTF-8 byte order mark is allowed and skipped; UTF-16 and UTF-32 text is refused.
    public static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        var path: [PathComponent] = []
        do {
            try check(bytes, path: &path)
            return nil
        } catch {
            let position = JSONTextPosition(offset: error.offset, in: bytes)
            return Problem(
                line: position.line, column: position.column, path: PathComponent.render(path),
                message: error.message(in: bytes), offset: error.offset, reason: error.reason)
        }
    }

    public static func firstProblem(in bytes: [UInt8]) -> Problem? {
        bytes.withUnsafeBufferPointer { firstProblem(in: $0) }
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>, path: inout [PathComponent]) throws(JSONSyntaxError)
    {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            start = 3
        } else if bytes.count >= 2,
            (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) || bytes[0] == 0
                || bytes[1] == 0
        {
            throw JSONSyntaxError(offset: 0, reason: .notUTF8Text)
        }
        var reader = JSONReader(bytes, at: start)
        guard !reader.isAtEnd() else { throw JSONSyntaxError(offset: reader.index, reason: .empty) }
        try walk(&reader, path: &path)
        try reader.expectEnd()
    }

    /// Reads one value, keeping `path` at the value being read.
    private static func walk(_ reader: inout JSONReader, path: inout [PathComponent]) throws(JSONSyntaxError) {
        switch reader.peek() {
        case UInt8(ascii: "{"):
            try reader.beginObject()
            var seen: Set<String> = []
            var first = true
            while try !reader.closes(UInt8(ascii: "}"), first: &first, reason: .expectedCommaOrBrace) {
                guard reader.peek() == UInt8(ascii: "\"") else {
                    throw JSONSyntaxError(offset: reader.index, reason: .expectedKey)
                }
                let keyOffset = reader.index
                let key = try reader.readString()
                try reader.colon()
                guard seen.insert(key).inserted else {
                    throw JSONSyntaxError(offset: keyOffset, reason: .duplicateKey(key))
                }
                path.append(.key(key))
                try walk(&reader, path: &path)
                path.removeLast()
            }
        case UInt8(ascii: "["):
            try reader.beginArray()
            var first = true
            var position = 0
            while try reader.nextElement(&first) {
                path.append(.index(position))
                try walk(&reader, path: &path)
                path.removeLast()
                position += 1
            }
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            // The grammar only: a number beyond `Double` is a value the field's decoder refuses by name.
            _ = try reader.scanNumber()
        default:
            try reader.skipValue()
        }
    }
}

/// One step of a JSON path.
enum PathComponent {
    case key(String)
    case index(Int)

    /// `payload.users[2].age`; keys that are not plain identifiers in brackets: `data["user id"]`.
    static func render(_ components: [PathComponent]) -> String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where CodingPath.isIdentifier(key):
                if !text.isEmpty { text += "." }
                text += key
            case .key(let key):
                text += "[\(JSONExcerpt.quoted(key))]"
            }
        }
        return text
    }
}
