import Foundation

extension SearchClient {
    /// Creates index `name` with `definition` (`{"settings":…,"mappings":…}`); returns false when it
    /// exists already (then its mapping is left as it is: see ``putMapping(_:properties:)``).
    @discardableResult
    public func createIndex(_ name: String, definition: [UInt8]) async throws(SearchError) -> Bool {
        do {
            _ = try await exchange(.PUT, Self.escaped(name), body: definition)
            return true
        } catch  where error.type == "resource_already_exists_exception" {
            return false
        }
    }

    /// Adds fields to the mapping of index `name` (`{"properties":{…}}`): new fields join, existing
    /// ones must keep their type (the server refuses a change).
    public func putMapping(_ name: String, properties: [UInt8]) async throws(SearchError) {
        _ = try await exchange(.PUT, Self.escaped(name) + "/_mapping", body: properties)
    }

    /// Creates index `name` when it is missing and brings its mapping up to `definition`'s: what a
    /// service runs at every start (idempotent).
    public func ensureIndex(_ name: String, definition: SearchIndexDefinition) async throws(SearchError) {
        if try await !createIndex(name, definition: definition.indexBody) {
            try await putMapping(name, properties: definition.mappingBody)
        }
    }

    /// Deletes index `name`; false when there was none.
    @discardableResult
    public func deleteIndex(_ name: String) async throws(SearchError) -> Bool {
        do {
            _ = try await exchange(.DELETE, Self.escaped(name))
            return true
        } catch  where error.status == 404 {
            return false
        }
    }

    /// Makes everything written to index `name` so far visible to searches.
    public func refresh(_ name: String) async throws(SearchError) {
        _ = try await exchange(.POST, Self.escaped(name) + "/_refresh")
    }

    /// How many documents of index `name` match `query` (a query clause, e.g. `{"match_all":{}}`; all when nil).
    public func count(_ name: String, query: [UInt8]? = nil) async throws(SearchError) -> Int {
        struct Count: Decodable { let count: Int }
        let body = query.map { Array("{\"query\":".utf8) + $0 + Array("}".utf8) }
        let answer = try await exchange(.POST, Self.escaped(name) + "/_count", body: body ?? Array("{}".utf8))
        return try decode(Count.self, answer, request: "count \(name)").count
    }

    /// A name as one URL path segment.
    static func escaped(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~")))
            ?? segment
    }
}

/// An index's settings and mapping, as the JSON bodies the API takes.
public struct SearchIndexDefinition: Sendable {
    /// The `properties` object of the mapping: `{"name":{"type":"text"},…}`.
    public let properties: String
    /// The `settings` object, or nil for the server's defaults.
    public let settings: String?

    public init(properties: String, settings: String? = nil) {
        self.properties = properties
        self.settings = settings
    }

    /// `PUT /<index>`'s body.
    var indexBody: [UInt8] {
        Array(("{" + (settings.map { "\"settings\":\($0)," } ?? "") + "\"mappings\":" + mappingJSON + "}").utf8)
    }

    /// `PUT /<index>/_mapping`'s body.
    var mappingBody: [UInt8] { Array(mappingJSON.utf8) }

    private var mappingJSON: String { "{\"properties\":\(properties)}" }
}
