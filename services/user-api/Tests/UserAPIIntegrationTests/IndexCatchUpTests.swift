import Foundation
import HummingbirdTesting
import TestInfra
import Testing

@testable import UserAPICore

@Suite("the search index catches up after an outage, with real servers", .timeLimit(.minutes(10)))
struct IndexCatchUpTests {
    @Test func writesSucceedWhileElasticsearchIsStoppedAndTheIndexEqualsTheTableAfter() async throws {
        try await PrivateServer.with("elasticsearch") { server in
            let url = try #require(try server.environment["ELASTICSEARCH_URL"])
            try await withLiveUserAPI(overrides: ["ELASTICSEARCH_URL": url]) { api in
                for number in 0..<20 {
                    #expect(try await api.create("Early \(number)", "early\(number)@example.com").status == .created)
                }
                try await api.waitUntilIndexed()
                try await server.stop()
                // 1,000 creates, 16 at a time, plus changes to the early users, while it is down.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<16 {
                        group.addTask {
                            for number in stride(from: worker, to: 1000, by: 16) {
                                let response = try await api.create("User \(number)", "user\(number)@example.com")
                                #expect(response.status == .created, "\(number): \(response.text)")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                for number in 0..<10 {
                    #expect(try await api.execute(.delete, "/users/early\(number)@example.com").status == .noContent)
                }
                #expect(try await api.patch("early10@example.com", #"{"name":"Renamed"}"#).status == .ok)
                #expect(try await api.count("SELECT count(*) FROM managed_users") == 1010)
                #expect(try await api.count("SELECT count(*) FROM managed_user_outbox") >= 1011)
                try await server.start()
                try await api.waitUntilIndexed(timeout: .seconds(180))
                let renamed = try await api.execute(.get, "/users/search?q=Renamed")
                #expect(try renamed.object["source"] as? String == "elasticsearch")
                let found = try renamed.object["users"] as? [[String: Any]]
                #expect(found?.first?["email"] as? String == "early10@example.com")
            }
        }
    }
}
