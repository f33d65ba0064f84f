import Foundation

/// The two body formats log-api reads, told apart by the request's `Content-Type`.
public enum LogMediaType: Sendable, Hashable {
    /// `application/json`: one object (`POST /log`) or an array of objects (`POST /logs`).
    case json
    /// `application/x-ndjson` (or `application/ndjson`): one object per line (`POST /logs`).
    case ndjson

    /// The format named by a `Content-Type` value, or `nil` for any other type. Parameters are
    /// allowed, but a `charset` other than UTF-8 is refused: JSON on the wire is UTF-8 (RFC 8259).
    public init?(contentType: String?) {
        guard let contentType else { return nil }
        var parts = contentType.split(separator: ";").map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard !parts.isEmpty else { return nil }
        let essence = parts.removeFirst()
        for parameter in parts where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).filter { $0 != "\"" }
            guard charset == "utf-8" || charset == "utf8" else { return nil }
        }
        switch essence {
        case "application/json": self = .json
        case "application/x-ndjson", "application/ndjson": self = .ndjson
        default: return nil
        }
    }
}
