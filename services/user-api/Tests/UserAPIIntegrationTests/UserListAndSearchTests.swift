import Foundation
import HummingbirdTesting
import Search
import TestInfra
import Testing

@testable import UserAPICore

@Suite("GET /users and /users/search with real servers", .timeLimit(.minutes(5)))
struct UserListAndSearchTests {
    static let people: [(String, String, String)] = [
        ("Ada Lovelace", "ada@analytical.org", "admin"),
        ("Alan Turing", "alan.turing@bletchley.uk", "member"),
        ("Alan Kay", "alan@parc.com", "viewer"),
        ("Grace Hopper", "grace@navy.mil", "member"),
        ("Barbara Liskov", "liskov@mit.edu", "member"),
        ("Edsger Dijkstra", "ewd@utexas.edu", "viewer"),
    ]

    static func seed(_ api: LiveUserAPI) async throws {
        for (name, email, role) in people {
            #expect(try await api.create(name, email, role: role).status == .created)
        }
    }

    static func emails(_ response: TestResponse) throws -> [String] {
        let users = try response.object["users"] as? [[String: Any]] ?? []
        return users.compactMap { $0["email"] as? String }
    }

    @Test func keysetPagesCoverEveryUserOnceAndFilterByRole() async throws {
        try await withLiveUserAPI { api in
            try await Self.seed(api)
            var seen: [String] = []
            var cursor: String?
            for _ in 0..<10 {
                let page = try await api.execute(.get, "/users?limit=4" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok)
                seen += try Self.emails(page)
                cursor = try page.object["next_cursor"] as? String
                if cursor == nil { break }
            }
            #expect(seen.sorted() == Self.people.map(\.1).sorted())
            let members = try await api.execute(.get, "/users?role=member")
            #expect(
                try Self.emails(members).sorted() == ["alan.turing@bletchley.uk", "grace@navy.mil", "liskov@mit.edu"])
            for (query, parameter) in [
                ("role=owner", "role"), ("limit=0", "limit"), ("cursor=xyz", "cursor"), ("sort=name", "sort"),
            ] {
                let bad = try await api.execute(.get, "/users?\(query)")
                #expect(bad.status == .badRequest, "\(query)")
                #expect(bad.errorAnswer?.field == parameter, "\(query): \(bad.text)")
            }
        }
    }

    @Test func elasticsearchFindsPrefixesAndTyposAndPages() async throws {
        try await withLiveUserAPI { api in
            try await Self.seed(api)
            try await api.waitUntilIndexed()
            let prefix = try await api.execute(.get, "/users/search?q=ala")
            #expect(prefix.status == .ok, "\(prefix.text)")
            #expect(try prefix.object["source"] as? String == "elasticsearch")
            #expect(Set(try Self.emails(prefix)).isSuperset(of: ["alan.turing@bletchley.uk", "alan@parc.com"]))
            let typo = try await api.execute(.get, "/users/search?q=Hoper")
            #expect(try Self.emails(typo).first == "grace@navy.mil", "\(typo.text)")
            let role = try await api.execute(.get, "/users/search?q=alan&role=viewer")
            #expect(try Self.emails(role) == ["alan@parc.com"])
            // Pages of one search cover its hits once.
            var seen: [String] = []
            var cursor: String?
            for _ in 0..<5 {
                let page = try await api.execute(
                    .get, "/users/search?q=alan&limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok, "\(page.text)")
                seen += try Self.emails(page)
                cursor = try page.object["next_cursor"] as? String
                if cursor == nil { break }
            }
            #expect(seen.sorted() == ["alan.turing@bletchley.uk", "alan@parc.com"])
            // A deleted user leaves the index.
            #expect(try await api.execute(.delete, "/users/alan@parc.com").status == .noContent)
            try await api.waitUntilIndexed()
            let after = try await api.execute(.get, "/users/search?q=alan")
            #expect(try Self.emails(after) == ["alan.turing@bletchley.uk"])
            for (query, parameter) in [("", "q"), ("q=a&limit=1000", "limit"), ("q=a&cursor=nope", "cursor")] {
                let bad = try await api.execute(.get, "/users/search?\(query)")
                #expect(bad.status == .badRequest, "\(query)")
                #expect(bad.errorAnswer?.field == parameter, "\(query): \(bad.text)")
            }
        }
    }

    @Test func postgresAnswersAndSaysSoWhileElasticsearchIsUnreachable() async throws {
        let closed = try FreePort.next()
        try await withLiveUserAPI(overrides: ["ELASTICSEARCH_URL": "http://127.0.0.1:\(closed)"]) { api in
            try await Self.seed(api)
            let substring = try await api.execute(.get, "/users/search?q=alan")
            #expect(substring.status == .ok, "\(substring.text)")
            #expect(try substring.object["source"] as? String == "postgres")
            #expect(Set(try Self.emails(substring)) == ["alan.turing@bletchley.uk", "alan@parc.com"])
            let typo = try await api.execute(.get, "/users/search?q=lovelase")
            #expect(try Self.emails(typo) == ["ada@analytical.org"], "\(typo.text)")
            let page = try await api.execute(.get, "/users/search?q=alan&limit=1")
            let cursor = try #require(try page.object["next_cursor"] as? String)
            let next = try await api.execute(.get, "/users/search?q=alan&limit=1&cursor=\(cursor)")
            #expect(try next.object["source"] as? String == "postgres")
            #expect(Set(try Self.emails(page) + Self.emails(next)) == ["alan.turing@bletchley.uk", "alan@parc.com"])
            let status = try await api.execute(.get, "/status")
            #expect(try status.object["status"] as? String == "degraded")
        }
    }
}
