import Contracts
import Foundation
import ServiceKit

/// What `GET /logs` asks for: its filters, page size and cursor, parsed and checked.
///
/// Filters combine with AND. `from` is inclusive and `to` exclusive, both on the log's time
/// (`ts`); `contains` is a case-insensitive substring of the message, taken literally (`%`, `_`
/// and `\` are no wildcards); `match` is a JSON object the log's `data` must contain (`@>`);
/// `file_id` keeps the records of one uploaded file (`POST /files` on log-api).
public struct LogQuery: Sendable, Hashable {
    public static let defaultLimit = 50
    public static let maximumLimit = 1000
    /// The longest `level`, `service` and `contains` accepted, in characters.
    public static let maximumTextLength = 1000
    /// The longest `match` accepted, in bytes of JSON.
    public static let maximumMatchBytes = 4096
    static let parameterNames: Set<String> = [
        "level", "service", "from", "to", "contains", "match", "file_id", "limit", "cursor",
    ]

    public var level: String?
    public var service: String?
    public var from: LogTime?
    public var to: LogTime?
    public var contains: String?
    /// The `match` object in canonical JSON (keys sorted, no spaces): what is bound and what the
    /// cache key holds, so `{"a":1,"b":2}` and `{ "b": 2, "a": 1 }` are one query.
    public var match: String?
    /// The uploaded file the logs came from.
    public var fileID: UUID?
    public var limit: Int
    public var cursor: LogCursor?

    public init(
        level: String? = nil, service: String? = nil, from: LogTime? = nil, to: LogTime? = nil,
        contains: String? = nil, match: String? = nil, fileID: UUID? = nil, limit: Int = defaultLimit,
        cursor: LogCursor? = nil
    ) {
        self.level = level
        self.service = service
        self.from = from
        self.to = to
        self.contains = contains
        self.match = match
        self.fileID = fileID
        self.limit = limit
        self.cursor = cursor
    }

    /// Parses the query string of `GET /logs`; throws for the first parameter that cannot be used.
    public init(_ pairs: [(name: String, value: String)]) throws(QueryParameterError) {
        let parameters = try QueryParameters(pairs, allowed: Self.parameterNames)
        self.init(
            level: try parameters.text("level", maximumLength: Self.maximumTextLength),
            service: try parameters.text("service", maximumLength: Self.maximumTextLength),
            from: try parameters.time("from"),
            to: try parameters.time("to"),
            contains: try parameters.text("contains", maximumLength: Self.maximumTextLength),
            match: try parameters["match"].map { text throws(QueryParameterError) in try Self.canonicalMatch(text) },
            fileID: try parameters.value("file_id", expected: "a file id (a UUID)") { UUID(uuidString: $0) },
            limit: try parameters.integer("limit", in: 1...Self.maximumLimit) ?? Self.defaultLimit,
            cursor: try parameters["cursor"].map { token throws(QueryParameterError) in
                guard let cursor = LogCursor(token: token) else {
                    throw QueryParameterError(
                        parameter: "cursor",
                        reason: "not a next_cursor of a previous answer: \(QueryParameters.quoted(token))")
                }
                return cursor
            })
        if let from, let to, from >= to {
            throw QueryParameterError(parameter: "to", reason: "must be later than from (\(from) ≥ \(to))")
        }
    }

    /// `text` as canonical JSON, if it is a JSON object.
    static func canonicalMatch(_ text: String) throws(QueryParameterError) -> String {
        guard text.utf8.count <= maximumMatchBytes else {
            throw QueryParameterError(
                parameter: "match", reason: "longer than \(maximumMatchBytes) bytes (\(text.utf8.count))")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw QueryParameterError(
                parameter: "match", reason: "not valid JSON: \(QueryParameters.quoted(text))")
        }
        guard case .object = value else {
            throw QueryParameterError(
                parameter: "match",
                reason: "expected a JSON object such as {\"user\":{\"id\":42}}, found \(QueryParameters.quoted(text))")
        }
        do {
            return String(decoding: try CanonicalJSON.encoder.encode(value), as: UTF8.self)
        } catch {
            throw QueryParameterError(parameter: "match", reason: "cannot be used: \(error)")
        }
    }
}

/// One JSON encoding for everything that must compare equal byte for byte (cache keys, binds).
enum CanonicalJSON {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
