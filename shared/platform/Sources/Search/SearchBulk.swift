import Foundation

/// The NDJSON body of one `_bulk` request, built action by action. Documents are the caller's
/// JSON (one object, no line breaks: JSON writers emit none outside strings, where they are escaped).
public struct SearchBulk: Sendable {
    public private(set) var body: [UInt8] = []
    public private(set) var count = 0

    public init() {}

    /// How a write is ordered against others of the same document.
    public enum Versioning: Sendable, Equatable {
        /// The last write wins.
        case none
        /// `version_type=external`: applied only when `version` is above the stored one, else the
        /// item fails with a 409 (a newer version is there already). Lets writers race safely.
        case external(Int64)
    }

    /// Indexes (creates or replaces) document `id` of `index` with `document`.
    public mutating func index(_ index: String, id: String, document: [UInt8], versioning: Versioning = .none) {
        action("index", index, id, versioning)
        body += document
        body.append(UInt8(ascii: "\n"))
    }

    /// Deletes document `id` of `index`.
    public mutating func delete(_ index: String, id: String, versioning: Versioning = .none) {
        action("delete", index, id, versioning)
    }

    private mutating func action(_ name: String, _ index: String, _ id: String, _ versioning: Versioning) {
        body += Array("{\"\(name)\":{\"_index\":".utf8)
        Self.appendString(index, to: &body)
        body += Array(",\"_id\":".utf8)
        Self.appendString(id, to: &body)
        if case .external(let version) = versioning {
            body += Array(",\"version\":\(version),\"version_type\":\"external\"".utf8)
        }
        body += Array("}}\n".utf8)
        count += 1
    }

    /// `text` as a JSON string (Foundation's encoder: ids and index names are short).
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes += (try? JSONEncoder().encode(text)).map(Array.init) ?? Array("\"\"".utf8)
    }
}

/// What `_bulk` answered for each item, in request order.
public struct SearchBulkResult: Sendable, Decodable {
    public struct Item: Sendable, Equatable {
        public let id: String
        public let status: Int
        /// The error type (`version_conflict_engine_exception`, `mapper_parsing_exception`), or nil.
        public let errorType: String?
        public let errorReason: String?

        /// A 409 from external versioning: the stored document is as new or newer.
        public var isVersionConflict: Bool { status == 409 }
        public var succeeded: Bool { (200..<300).contains(status) }
    }

    public let items: [Item]

    public init(from decoder: any Decoder) throws {
        struct Answer: Decodable {
            struct Outcome: Decodable {
                struct Failure: Decodable {
                    let type: String?
                    let reason: String?
                }
                let _id: String?
                let status: Int
                let error: Failure?
            }
            let items: [[String: Outcome]]
        }
        let answer = try Answer(from: decoder)
        items = answer.items.map { entry in
            let outcome = entry.values.first
            return Item(
                id: outcome?._id ?? "", status: outcome?.status ?? 0, errorType: outcome?.error?.type,
                errorReason: outcome?.error?.reason)
        }
    }
}

extension SearchClient {
    /// Sends `bulk` in one request; `refresh` makes its writes searchable before the answer.
    /// Throws only when the request as a whole failed: the items' own outcomes are in the result.
    public func bulk(_ bulk: SearchBulk, refresh: Bool = false) async throws(SearchError) -> SearchBulkResult {
        guard bulk.count > 0 else {
            return try decode(SearchBulkResult.self, .init(string: #"{"items":[]}"#), request: "bulk")
        }
        let answer = try await exchange(
            .POST, "_bulk", query: refresh ? "refresh=true" : nil, body: bulk.body, contentType: "application/x-ndjson")
        return try decode(SearchBulkResult.self, answer, request: "bulk of \(bulk.count)")
    }
}
