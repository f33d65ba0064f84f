import Foundation

/// One value of a hit's `sort` array: what `search_after` takes back to continue after that hit.
public enum SearchSortValue: Sendable, Hashable, Codable {
    case integer(Int64)
    case number(Double)
    case string(String)
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

/// The hits of one search, each document decoded as `Document`.
public struct SearchHits<Document: Decodable & Sendable>: Sendable, Decodable {
    public struct Hit: Sendable, Decodable {
        public let id: String
        public let score: Double?
        public let document: Document
        /// The hit's sort values (present when the search sorted): `search_after` for the next page.
        public let sort: [SearchSortValue]?

        enum CodingKeys: String, CodingKey {
            case id = "_id"
            case score = "_score"
            case document = "_source"
            case sort
        }
    }

    public let hits: [Hit]
    /// How many documents matched (`hits.total.value`; a lower bound when the server says `gte`).
    public let total: Int

    enum CodingKeys: String, CodingKey { case hits }
    struct Inner: Decodable {
        struct Total: Decodable { let value: Int }
        let hits: [Hit]
        let total: Total?
    }

    public init(from decoder: any Decoder) throws {
        let inner = try decoder.container(keyedBy: CodingKeys.self).decode(Inner.self, forKey: .hits)
        hits = inner.hits
        total = inner.total?.value ?? inner.hits.count
    }
}

extension SearchClient {
    /// Runs `request` (the `_search` body: query, size, sort, search_after…) on index `name`.
    public func search<Document: Decodable & Sendable>(
        _ name: String, request: [UInt8], as: Document.Type
    ) async throws(SearchError) -> SearchHits<Document> {
        let answer = try await exchange(.POST, Self.escaped(name) + "/_search", body: request)
        return try decode(SearchHits<Document>.self, answer, request: "search \(name)")
    }
}
