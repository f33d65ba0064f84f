import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Redis
import ServiceKit
import TestInfra
import Testing

@testable import UserConsumerCore

@Suite("POST and DELETE /users with real servers", .timeLimit(.minutes(5)))
struct UserWriteRoutesTests {
    static func body(for user: UserRecord) throws -> String {
        String(decoding: try ContractCoding.encode(user), as: UTF8.self)
    }

    @Test func aCreatedUserIsStoredCachedAndAnnounced() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let changes = try await ChangeCollector.start(api.redis, channel: api.channel)
            let user = UserRecord(
                id: 41, firstName: "Ada", lastName: "Lovelace", emailAddress: "ada@example.com",
                createdAt: 1_700_000_000, deletedAt: nil, mergedAt: nil, parentUserID: 40)
            let response = try await api.post(
                #"{"id":41,"first_name":"Ada","last_name":"Lovelace","email_address":"ada@example.com","#
                    + #""created_at":1700000000,"deleted_at":-1,"parent_user_id":40}"#)
            #expect(response.status == .created)
            #expect(response.headers[.location] == "/users/41")
            #expect(try ContractCoding.decode(UserRecord.self, from: response.text) == user)
            #expect(try await api.stored(41) == user)
            let cached = try #require(try await api.cached(41))
            #expect(!cached.contains("ada@example.com"))
            #expect(try CachedUserValue.decode(Array(cached.utf8)).opened(with: api.cipher) == user)
            // Published before the answer: nothing to wait for but the message's way through Redis.
            let announced = try await pollUntil("user 41 announced") { changes.ids.isEmpty ? nil : changes.ids }
            await changes.stop()
            #expect(announced == [41])
        }
    }

    @Test func theSameIDTwiceIs409AndLeavesTheFirst() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let first = LiveUserConsumer.user(5)
            #expect(try await api.post(Self.body(for: first)).status == .created)
            let second = UserRecord(
                id: 5, firstName: "Other", lastName: "Person", emailAddress: "other@example.com", createdAt: nil)
            let conflict = try await api.post(Self.body(for: second))
            #expect(conflict.status == .conflict)
            #expect(conflict.error == "a user with id 5 exists")
            #expect(try await api.stored(5) == first)
        }
    }

    @Test func concurrentCreatesOfOneIDGiveExactlyOne201() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for attempt in 0..<20 {
                    let user = UserRecord(
                        id: 77, firstName: "Attempt\(attempt)", lastName: "L", emailAddress: "a\(attempt)@example.com",
                        createdAt: nil)
                    group.addTask { try await api.post(Self.body(for: user)).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 19)
            let stored = try #require(try await api.stored(77))
            let cached = try #require(try await api.cached(77))
            #expect(try CachedUserValue.decode(Array(cached.utf8)).opened(with: api.cipher) == stored)
        }
    }

    @Test func thirtyUsersCreatedAtOnceAllExist() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in Int64(1)...30 {
                    group.addTask {
                        let response = try await api.post(Self.body(for: LiveUserConsumer.user(id)))
                        #expect(response.status == .created)
                    }
                }
                try await group.waitForAll()
            }
            for id in Int64(1)...30 {
                #expect(try await api.stored(id) == LiveUserConsumer.user(id))
            }
        }
    }

    @Test(arguments: [
        (#"{"id":1,"first_name":"A","last_name":"B","email_address":"nope"}"#, "email_address"),
        (#"{"id":0,"first_name":"A","last_name":"B","email_address":"a@b.co"}"#, "id"),
        (#"{"id":1,"first_name":"","last_name":"B","email_address":"a@b.co"}"#, "first_name"),
        (#"{"id":1,"first_name":"A","last_name":"B","email_address":"a@b.co","created_at":-7}"#, "created_at"),
        (#"{"id":1,"first_name":"A","last_name":"B","email_address":"a@b.co","parent_user_id":"2"}"#, "parent_user_id"),
        (#"{"id":1,"first_name":"A","last_name":"B","email_address":"a@b.co","nickname":"x"}"#, "nickname"),
        (#"{"first_name":"A","last_name":"B","email_address":"a@b.co"}"#, "id"),
    ])
    func anInvalidUserIs400NamingTheField(body: String, field: String) async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let response = try await api.post(body)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/json")
            #expect(try response.json["field"] as? String == field)
            #expect(response.error?.contains("'\(field)'") == true, "\(response.text)")
            #expect(try await api.stored(1) == nil)
        }
    }

    @Test func aBodyThatIsNotJSONOrNotAUserIs400() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let broken = try await api.post("{\"id\": 1,")
            #expect(broken.status == .badRequest)
            #expect(broken.error?.hasPrefix("invalid JSON") == true)
            let array = try await api.post("[]")
            #expect(array.status == .badRequest)
            #expect(array.error == "the body must be a JSON object holding one user")
        }
    }

    @Test func anotherContentTypeIs415() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let body = try Self.body(for: LiveUserConsumer.user(1))
            let plain = try await api.post(body, contentType: "text/plain")
            #expect(plain.status == .unsupportedMediaType)
            #expect(plain.error == "Content-Type must be application/json, found 'text/plain'")
            let none = try await api.execute(.post, "/users", body: body)
            #expect(none.status == .unsupportedMediaType)
            #expect(try await api.post(body, contentType: "application/json; charset=utf-8").status == .created)
        }
    }

    @Test func aBodyBeyondTheLimitIs413() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let name = String(repeating: "x", count: UsersController.maximumBodyBytes)
            let response = try await api.post(
                #"{"id":1,"first_name":"\#(name)","last_name":"B","email_address":"a@b.co"}"#)
            #expect(response.status == .contentTooLarge)
            #expect(response.error == "the body is larger than 16384 bytes")
            #expect(try await api.stored(1) == nil)
        }
    }

    @Test func deleteByPathOrQueryIs204Then404AndTheCacheForgetsTheUser() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            try await api.seed(1...3)
            #expect(try await api.execute(.get, "/users/1").status == .ok)
            #expect(try await api.cached(1) != nil)

            let deleted = try await api.execute(.delete, "/users/1")
            #expect(deleted.status == .noContent)
            #expect(deleted.body.readableBytes == 0)
            #expect(try await api.stored(1) == nil)
            #expect(try await api.cached(1) == "deleted")
            #expect(try await api.execute(.get, "/users/1").status == .notFound)
            let again = try await api.execute(.delete, "/users/1")
            #expect(again.status == .notFound)
            #expect(again.error == "no user with id 1")

            #expect(try await api.execute(.delete, "/users?id=2").status == .noContent)
            #expect(try await api.stored(2) == nil)
            #expect(try await api.execute(.delete, "/users?id=2").status == .notFound)

            let missing = try await api.execute(.delete, "/users")
            #expect(missing.status == .badRequest)
            #expect(missing.error == "id: required: the id of the user to delete")
            #expect(try await api.execute(.delete, "/users?id=x").status == .badRequest)
            #expect(try await api.execute(.delete, "/users/x").status == .badRequest)
            #expect(try await api.stored(3) != nil)
        }
    }

    @Test func aDeletedUserIsNotBroughtBackByALateFillOrRefresh() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            try await api.seed(1...1)
            let before = try #require(try await api.store.user(id: 1))
            #expect(try await api.execute(.delete, "/users/1").status == .noContent)
            // What a read that fetched the row just before the delete, or an ingest batch committed
            // just before it, would write now:
            let cache = RedisUserCache(
                redis: api.redis, keyPrefix: api.keyPrefix, ttlSeconds: 3600, logger: .init(label: "t"))
            await cache.fill(before)
            await cache.refresh([before])
            #expect(try await api.cached(1) == "deleted")
            #expect(try await api.execute(.get, "/users/1").status == .notFound)
            // Created again: PostgreSQL answers while the tombstone lasts.
            #expect(try await api.post(Self.body(for: LiveUserConsumer.user(1))).status == .created)
            let again = try await api.execute(.get, "/users/1")
            #expect(try ContractCoding.decode(UserRecord.self, from: again.text) == LiveUserConsumer.user(1))
        }
    }
}
