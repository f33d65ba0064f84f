import Foundation
import HummingbirdTesting
import Testing

@testable import UserConsumerCore

@Suite("GET /users with real servers", .timeLimit(.minutes(5)))
struct UserListRoutesTests {
    /// The ids and the cursor of one page.
    static func page(_ response: TestResponse) throws -> (ids: [Int64], next: String?) {
        let json = try response.json
        let users = try #require(json["users"] as? [[String: Any]])
        return (users.compactMap { ($0["id"] as? NSNumber)?.int64Value }, json["next_cursor"] as? String)
    }

    @Test func keysetPagesCarryTheirCursorAndTheLastOneNull() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            try await api.seed(1...250)
            var after: String?
            var pages: [[Int64]] = []
            for _ in 0..<5 {
                let response = try await api.execute(.get, "/users?limit=100" + (after.map { "&after=\($0)" } ?? ""))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let (ids, next) = try Self.page(response)
                pages.append(ids)
                after = next
                if next == nil { break }
            }
            #expect(pages.map(\.count) == [100, 100, 50])
            #expect(pages.flatMap { $0 } == Array(1...250))
            #expect(after == nil)
        }
    }

    @Test func theDefaultPageIs100AndAPageIsTheUsersInClear() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            try await api.seed(1...150)
            let first = try Self.page(try await api.execute(.get, "/users"))
            #expect(first.ids == Array(1...100))
            #expect(first.next == "100")
            let exact = try Self.page(try await api.execute(.get, "/users?limit=50&after=100"))
            #expect(exact.ids == Array(101...150))
            #expect(exact.next == nil, "a page reads one row ahead, so an exactly full last page says it is the last")
            let beyond = try await api.execute(.get, "/users?after=150")
            #expect(beyond.text == #"{"users":[],"next_cursor":null}"#)
            let one = try await api.execute(.get, "/users?limit=1&after=4")
            #expect(
                one.text
                    == #"{"users":[{"created_at":1700000005,"deleted_at":1800000000,"email_address":"user5@example.com","#
                    + #""first_name":"First5","id":5,"last_name":"Last5","merged_at":null,"parent_user_id":6}],"#
                    + #""next_cursor":"5"}"#)
        }
    }

    @Test(arguments: [
        ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=abc", "limit"), ("after=-1", "after"),
        ("after=x", "after"),
    ])
    func aBadParameterIs400NamingIt(query: String, field: String) async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let response = try await api.execute(.get, "/users?" + query)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/json")
            #expect(try response.json["parameter"] as? String == field)
            #expect(try response.json["code"] as? String == "bad_request")
            #expect(response.error?.hasPrefix("\(field): expected ") == true, "\(response.error ?? "")")
        }
    }
}
