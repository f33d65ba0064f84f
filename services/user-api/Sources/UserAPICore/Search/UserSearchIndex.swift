import Contracts
import Foundation
import Search

/// The users in Elasticsearch: one document per user id, written by the indexer only
/// (``UserIndexer``), read by `GET /users/search`.
///
/// Documents carry the user's version and are written with `version_type=external`, so the newest
/// version wins whatever order concurrent indexers send them in. A deleted user becomes a tombstone
/// document (`{"deleted":true,"id":…}` at the delete's version) rather than a delete: the stand-in
/// server noida-db forgets a deleted document's version at once (a later write of an older version
/// brings it back, measured), and real Elasticsearch forgets it after `index.gc_deletes` (60 s).
/// Searches leave tombstones out.
public struct UserSearchIndex: Sendable {
    public let client: SearchClient
    public let name: String

    public init(client: SearchClient, name: String) {
        self.client = client
        self.name = name
    }

    static let definition = SearchIndexDefinition(
        properties: """
            {"id":{"type":"keyword"},"name":{"type":"text"},"email":{"type":"text",\
            "fields":{"keyword":{"type":"keyword"}}},"role":{"type":"keyword"},"version":{"type":"long"},\
            "deleted":{"type":"boolean"},"created_at":{"type":"date"},"updated_at":{"type":"date"}}
            """)

    /// Creates the index or brings its mapping up to date (idempotent: every indexer runs it at start).
    public func ensure() async throws(SearchError) {
        try await client.ensureIndex(name, definition: Self.definition)
    }

    /// The document of `user`: its answer JSON (``ManagedUser/json``) with `deleted` and `version`.
    static func document(_ user: ManagedUser) -> [UInt8] {
        var writer = JSONWriter(capacity: 240 + user.name.utf8.count + user.email.utf8.count)
        writer.raw("{\"deleted\":false,\"version\":")
        writer.integer(user.version)
        writer.raw(",")
        writer.raw(user.json.dropFirst())
        return writer.bytes
    }

    /// The tombstone of deleted user `id`.
    static func tombstone(_ id: UUID, version: Int64) -> [UInt8] {
        var writer = JSONWriter(capacity: 100)
        writer.raw("{\"deleted\":true,\"id\":")
        writer.uuid(id)
        writer.raw(",\"version\":")
        writer.integer(version)
        writer.raw("}")
        return writer.bytes
    }

    /// What a search reads of a document (tombstones are filtered out, so every field is there).
    struct Document: Decodable, Sendable {
        let id: UUID
        let name: String
        let email: String
        let role: String
        let version: Int64
        let createdAt: String
        let updatedAt: String

        enum CodingKeys: String, CodingKey {
            case id, name, email, role, version
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }

        /// The user it holds, or nil when its times are not ``ContractDateFormat``'s.
        var user: ManagedUser? {
            guard let created = ContractDateFormat.date(from: createdAt),
                let updated = ContractDateFormat.date(from: updatedAt)
            else { return nil }
            return ManagedUser(
                id: id, name: name, email: email, role: role, version: version, createdAt: created, updatedAt: updated)
        }
    }

    /// One page of users matching `query` (prefix of any word, or a word within the usual edit
    /// distance), of `role` when given, best first, after `after` (the last hit's sort values).
    func search(
        _ query: String, role: String?, after: [SearchSortValue]?, size: Int
    ) async throws(SearchError)
        -> SearchHits<Document>
    {
        try await client.search(
            name, request: Self.request(query, role: role, after: after, size: size), as: Document.self)
    }

    static func request(_ query: String, role: String?, after: [SearchSortValue]?, size: Int) -> [UInt8] {
        let fields: JSONValue = .array([.string("name"), .string("email")])
        var filters: [JSONValue] = []
        if let role { filters.append(.object(["term": .object(["role": .string(role)])])) }
        var body: [String: JSONValue] = [
            "size": .int(Int64(size)),
            "query": .object([
                "bool": .object([
                    "should": .array([
                        .object([
                            "multi_match": .object([
                                "query": .string(query), "fields": fields, "type": .string("bool_prefix"),
                            ])
                        ]),
                        .object([
                            "multi_match": .object([
                                "query": .string(query), "fields": fields, "fuzziness": .string("AUTO"),
                            ])
                        ]),
                    ]),
                    "minimum_should_match": .int(1),
                    "filter": .array(filters),
                    "must_not": .array([.object(["term": .object(["deleted": .bool(true)])])]),
                ])
            ]),
            "sort": .array([.object(["_score": .string("desc")]), .object(["id": .string("asc")])]),
        ]
        if let after {
            body["search_after"] = .array(
                after.map { value -> JSONValue in
                    switch value {
                    case .integer(let integer): return .int(integer)
                    case .number(let number): return .number(number)
                    case .string(let string): return .string(string)
                    case .null: return .null
                    }
                })
        }
        var writer = JSONWriter(capacity: 600)
        writer.value(.object(body))
        return writer.bytes
    }
}
