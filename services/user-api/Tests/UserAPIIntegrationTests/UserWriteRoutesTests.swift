import Foundation
import HummingbirdTesting
import TestInfra
import Testing

@testable import UserAPICore

@Suite("POST, PATCH and DELETE /users with real servers", .timeLimit(.minutes(5)))
struct UserWriteRoutesTests {
    @Test func createAnswersTheUserThenReadsItBack() async throws {
        try await withLiveUserAPI { api in
            let created = try await api.create("Ada Lovelace", "Ada@Example.com", role: "admin")
            #expect(created.status == .created, "\(created.text)")
            let user = try created.object
            #expect(user["name"] as? String == "Ada Lovelace")
            #expect(user["email"] as? String == "Ada@Example.com")
            #expect(user["role"] as? String == "admin")
            #expect(UUID(uuidString: user["id"] as? String ?? "") != nil)
            #expect(user["created_at"] as? String != nil && user["updated_at"] as? String != nil)
            #expect(created.headers[.location] == "/users/Ada@Example.com")
            // Addresses are found without regard to case.
            let read = try await api.execute(.get, "/users/ada@example.COM")
            #expect(read.status == .ok)
            #expect(read.text == created.text)
        }
    }

    @Test func twentyConcurrentCreatesOfOneAddressMakeExactlyOneUser() async throws {
        try await withLiveUserAPI { api in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for attempt in 0..<20 {
                    // Cases differ: the unique index is on lower(email).
                    let email = attempt % 2 == 0 ? "race@example.com" : "RACE@example.com"
                    group.addTask { Int(try await api.create("Racer \(attempt)", email).status.code) }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 19, "\(statuses)")
            #expect(try await api.count("SELECT count(*) FROM managed_users") == 1)
            #expect(try await api.count("SELECT count(*) FROM managed_user_outbox WHERE operation = 'create'") <= 1)
            let conflict = try await api.create("Late", "race@EXAMPLE.com")
            #expect(conflict.status == .conflict)
            #expect(conflict.errorAnswer?.field == "email")
        }
    }

    @Test func patchChangesTheFieldsGivenAndTheCacheFollows() async throws {
        try await withLiveUserAPI { api in
            #expect(try await api.create("Grace", "grace@example.com").status == .created)
            #expect(try await api.execute(.get, "/users/grace@example.com").status == .ok)
            let changed = try await api.patch("grace@example.com", #"{"name":"Grace Hopper","role":"admin"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try changed.object["name"] as? String == "Grace Hopper")
            let read = try await api.execute(.get, "/users/grace@example.com")
            #expect(try read.object["role"] as? String == "admin")
            // A new address: the old one is gone at once, the new one answers.
            let moved = try await api.patch("grace@example.com", #"{"email":"hopper@navy.mil"}"#)
            #expect(moved.status == .ok)
            #expect(try await api.execute(.get, "/users/grace@example.com").status == .notFound)
            #expect(try await api.execute(.get, "/users/hopper@navy.mil").status == .ok)
            // Onto another user's address: 409, nothing changed.
            #expect(try await api.create("Other", "other@example.com").status == .created)
            let taken = try await api.patch("hopper@navy.mil", #"{"email":"OTHER@example.com"}"#)
            #expect(taken.status == .conflict)
            #expect(taken.errorAnswer?.field == "email")
            #expect(try await api.patch("nobody@example.com", #"{"name":"X"}"#).status == .notFound)
        }
    }

    @Test func deleteRemovesTheUserAndItsCacheEntryAndTheAddressIsFreeAgain() async throws {
        try await withLiveUserAPI { api in
            #expect(try await api.create("Alan", "alan@example.com").status == .created)
            #expect(try await api.execute(.get, "/users/alan@example.com").status == .ok)
            #expect(try await api.execute(.delete, "/users/ALAN@example.com").status == .noContent)
            #expect(try await api.execute(.get, "/users/alan@example.com").status == .notFound)
            #expect(try await api.execute(.delete, "/users/alan@example.com").status == .notFound)
            // Re-created: a higher version replaces the tombstone.
            #expect(try await api.create("Alan Again", "alan@example.com").status == .created)
            let read = try await api.execute(.get, "/users/alan@example.com")
            #expect(try read.object["name"] as? String == "Alan Again")
        }
    }

    @Test func badInputsAre4xxNamingTheFieldAndStoreNothing() async throws {
        try await withLiveUserAPI { api in
            let cases: [(body: String, status: Int, field: String?)] = [
                (#"{"name":"A","email":"not-an-address","role":"member"}"#, 400, "email"),
                (#"{"name":"A","email":"a@example.com","role":"owner"}"#, 400, "role"),
                (#"{"email":"a@example.com","role":"member"}"#, 400, "name"),
                (#"{"name":"A","role":"member"}"#, 400, "email"),
                (#"{"name":"A","email":"a@example.com"}"#, 400, "role"),
                (#"{"name":"","email":"a@example.com","role":"member"}"#, 400, "name"),
                (#"{"name":7,"email":"a@example.com","role":"member"}"#, 400, "name"),
                (#"{"name":"A","email":"a@example.com","role":"member","admin":true}"#, 400, "admin"),
                (#"{"name":"A","email":"a@example.com""#, 400, nil),
                ("[1,2]", 400, nil),
                (
                    #"{"name":"\#(String(repeating: "x", count: 20_000))","email":"a@example.com","role":"member"}"#,
                    413, nil
                ),
            ]
            for item in cases {
                let response = try await api.post(item.body)
                #expect(Int(response.status.code) == item.status, "\(item.body.prefix(80)): \(response.text)")
                #expect(response.errorAnswer?.field == item.field, "\(item.body.prefix(80)): \(response.text)")
                #expect(response.errorAnswer != nil)
            }
            let wrongType = try await api.post(
                #"{"name":"A","email":"a@example.com","role":"member"}"#, contentType: "text/plain")
            #expect(wrongType.status == .unsupportedMediaType)
            #expect(wrongType.errorAnswer?.field == "Content-Type")
            let badPath = try await api.execute(.get, "/users/no-at-sign")
            #expect(badPath.status == .badRequest)
            #expect(badPath.errorAnswer?.field == "email")
            let emptyPatch = try await api.patch("a@example.com", "{}")
            #expect(emptyPatch.status == .badRequest)
            #expect(try await api.count("SELECT count(*) FROM managed_users") == 0)
            #expect(try await api.count("SELECT count(*) FROM managed_user_outbox") == 0)
        }
    }
}
