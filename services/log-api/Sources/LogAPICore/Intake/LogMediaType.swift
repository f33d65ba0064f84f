/// The two body formats log-api reads, told apart by the request's `Content-Type`.
public enum LogMediaType: Sendable, Hashable {
    /// `application/json`: one object (`POST /log`) or an array of objects (`POST /logs`).
    case json
    /// `application/x-ndjson` (or `application/ndjson`): one object per line (`POST /logs`).
    case ndjson

    /// The format named by a `Content-Type` value, or `nil` for any other type. Names compare without
    /// regard to case; parameters are allowed, but a `charset` other than UTF-8 is refused: JSON on
    /// the wire is UTF-8 (RFC 8259).
    public init?(contentType: String?) {
        guard let contentType else { return nil }
        // The usual value, without splitting it.
        if contentType.utf8.elementsEqual(Self.jsonName) {
            self = .json
            return
        }
        // Every request passes here: plain byte work, no Foundation string functions.
        var parts = contentType.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
            .map(Self.trimmedLowercase)
        guard !parts.isEmpty else { return nil }
        let essence = parts.removeFirst()
        for parameter in parts where parameter.starts(with: Self.charsetPrefix) {
            let charset = parameter.dropFirst(Self.charsetPrefix.count).filter { $0 != UInt8(ascii: "\"") }
            guard charset == Array("utf-8".utf8) || charset == Array("utf8".utf8) else { return nil }
        }
        switch essence {
        case Self.jsonName: self = .json
        case Self.ndjsonName, Self.ndjsonAlias: self = .ndjson
        default: return nil
        }
    }

    private static let charsetPrefix = Array("charset=".utf8)
    private static let jsonName = Array("application/json".utf8)
    private static let ndjsonName = Array("application/x-ndjson".utf8)
    private static let ndjsonAlias = Array("application/ndjson".utf8)

    /// The bytes without surrounding spaces or tabs, ASCII letters in lower case.
    private static func trimmedLowercase(_ bytes: Substring.UTF8View.SubSequence) -> [UInt8] {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
            let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return bytes[first...last].map { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
        }
    }
}

extension LogMediaType {
    /// What `POST /log` takes, made once rather than per request.
    static let oneRecordBodies: Set<LogMediaType> = [.json]
    /// What `POST /logs` takes.
    static let manyRecordsBodies: Set<LogMediaType> = [.json, .ndjson]
}
