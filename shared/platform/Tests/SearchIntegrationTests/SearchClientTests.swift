import Foundation
import Search
import TestInfra
import Testing

/// The Search library against the run's Elasticsearch-API server (noida-db in the harness).
@Suite("SearchClient against a real server", .timeLimit(.minutes(5)))
struct SearchClientTests {
    struct Person: Decodable, Sendable, Equatable {
        let id: String
        let name: String
    }

    static let definition = SearchIndexDefinition(
        properties: #"{"id":{"type":"keyword"},"name":{"type":"text"},"age":{"type":"long"}}"#)

    static func withIndex(_ body: (SearchClient, String) async throws -> Void) async throws {
        let client = SearchClient(baseURL: try await TestServers.shared().elasticsearch.url)
        let index = TestNames.unique("search", separator: "-").lowercased()
        do {
            try await body(client, index)
            try await client.deleteIndex(index)
        } catch {
            _ = try? await client.deleteIndex(index)
            throw error
        }
    }

    static func person(_ id: String, _ name: String) -> [UInt8] {
        Array(#"{"id":"\#(id)","name":"\#(name)"}"#.utf8)
    }

    @Test func ensureIndexIsIdempotentAndAddsFields() async throws {
        try await Self.withIndex { client, index in
            #expect(try await client.createIndex(index, definition: Array(#"{"mappings":{"properties":{}}}"#.utf8)))
            #expect(try await !client.createIndex(index, definition: Array("{}".utf8)))
            try await client.ensureIndex(index, definition: Self.definition)
            try await client.ensureIndex(index, definition: Self.definition)
            #expect(try await client.count(index) == 0)
            #expect(try await client.deleteIndex(index))
            #expect(try await !client.deleteIndex(index))
        }
    }

    @Test func bulkWithExternalVersionsKeepsTheNewestAndReportsConflicts() async throws {
        try await Self.withIndex { client, index in
            try await client.ensureIndex(index, definition: Self.definition)
            var first = SearchBulk()
            first.index(index, id: "a", document: Self.person("a", "Ada v5"), versioning: .external(5))
            first.index(index, id: "b", document: Self.person("b", "Bob v1"), versioning: .external(1))
            let created = try await client.bulk(first, refresh: true)
            #expect(created.items.map(\.status) == [201, 201])
            var second = SearchBulk()
            second.index(index, id: "a", document: Self.person("a", "Ada v4"), versioning: .external(4))
            second.index(index, id: "b", document: Self.person("b", "Bob v2"), versioning: .external(2))
            second.delete(index, id: "missing")
            let result = try await client.bulk(second, refresh: true)
            #expect(result.items.count == 3)
            #expect(result.items[0].isVersionConflict)
            #expect(result.items[0].errorType == "version_conflict_engine_exception")
            #expect(result.items[1].succeeded)
            #expect(result.items[2].status == 404)
            let hits = try await client.search(
                index, request: Array(#"{"query":{"match_all":{}},"sort":[{"id":"asc"}]}"#.utf8), as: Person.self)
            #expect(hits.hits.map(\.document) == [Person(id: "a", name: "Ada v5"), Person(id: "b", name: "Bob v2")])
            #expect(hits.total == 2)
        }
    }

    @Test func searchAfterPagesThroughEveryHitOnce() async throws {
        try await Self.withIndex { client, index in
            try await client.ensureIndex(index, definition: Self.definition)
            var bulk = SearchBulk()
            for number in 0..<25 {
                let id = String(format: "p%02d", number)
                bulk.index(index, id: id, document: Self.person(id, "Person \(number)"))
            }
            _ = try await client.bulk(bulk)
            try await client.refresh(index)
            #expect(try await client.count(index, query: Array(#"{"match":{"name":"person"}}"#.utf8)) == 25)
            var seen: [String] = []
            var after: [SearchSortValue]?
            for _ in 0..<10 {
                var request = #"{"size":10,"query":{"match":{"name":"person"}},"sort":[{"id":"asc"}]"#
                if let after {
                    request += #","search_after":"# + String(decoding: try JSONEncoder().encode(after), as: UTF8.self)
                }
                request += "}"
                let page = try await client.search(index, request: Array(request.utf8), as: Person.self)
                seen += page.hits.map(\.id)
                guard page.hits.count == 10, let last = page.hits.last?.sort else { break }
                after = last
            }
            #expect(seen == (0..<25).map { String(format: "p%02d", $0) })
        }
    }

    @Test func errorsCarryTheServersTypeAndAnUnreachableServerSaysSo() async throws {
        try await Self.withIndex { client, index in
            let missing = await #expect(throws: SearchError.self) {
                _ = try await client.search(index, request: Array("{}".utf8), as: Person.self)
            }
            #expect(missing?.status == 404)
            #expect(missing?.type == "index_not_found_exception")
        }
        let closed = SearchClient(
            baseURL: URL(string: "http://127.0.0.1:\(try FreePort.next())")!, timeout: .seconds(2))
        let down = await #expect(throws: SearchError.self) { try await closed.refresh("any") }
        #expect(down?.kind == .unreachable)
    }
}
