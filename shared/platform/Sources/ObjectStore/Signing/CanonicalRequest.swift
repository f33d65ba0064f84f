/// A request in the canonical form that AWS Signature Version 4 signs: method, encoded path,
/// sorted and encoded query, the signed headers (lower-case names, trimmed values, sorted) and the
/// payload's SHA-256 in hex.
///
/// Built from exactly what is sent, so the server, rebuilding it from the request it received,
/// arrives at the same text.
struct CanonicalRequest: Sendable, Equatable {
    var method: String
    /// The URL path as sent: already encoded by ``URIEncoding/path(_:)``, starting with `/`.
    var path: String
    /// Query parameters as plain text; a flag such as `uploads` has an empty value.
    var query: [QueryParameter]
    /// Every header to sign, `host` and each `x-amz-*` one among them.
    var headers: [(name: String, value: String)]
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    var payloadHash: String

    static func == (lhs: CanonicalRequest, rhs: CanonicalRequest) -> Bool { lhs.text == rhs.text }

    /// `name=value` pairs, each side encoded, sorted by name then value (byte order), joined by `&`.
    var queryString: String { Self.queryString(query) }

    static func queryString(_ query: [QueryParameter]) -> String {
        query.map { (URIEncoding.queryComponent($0.name), URIEncoding.queryComponent($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Lower-case names, sorted; a name given twice has its values joined by commas in order.
    var normalizedHeaders: [(name: String, value: String)] {
        var values: [String: [String]] = [:]
        for (name, value) in headers { values[name.lowercased(), default: []].append(Self.trimmed(value)) }
        return values.keys.sorted().map { ($0, values[$0]!.joined(separator: ",")) }
    }

    var signedHeaders: String { normalizedHeaders.map(\.name).joined(separator: ";") }

    var text: String {
        let headerLines = normalizedHeaders.map { "\($0.name):\($0.value)\n" }.joined()
        return [method, path, queryString, headerLines, signedHeaders, payloadHash].joined(separator: "\n")
    }

    /// Leading and trailing spaces removed, runs of spaces inside made one space.
    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}

/// One query parameter of a request, as plain (not yet encoded) text.
struct QueryParameter: Sendable, Equatable {
    var name: String
    var value: String

    init(_ name: String, _ value: String = "") {
        self.name = name
        self.value = value
    }
}
