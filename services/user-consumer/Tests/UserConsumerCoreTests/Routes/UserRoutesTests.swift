import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Redis
import ServiceKit
import TestInfra
import Testing

@testable import UserConsumerCore

/// The `/users` routes of ``buildRouter(store:cache:changes:subscriber:cipher:config:readiness:logger:)``
/// in process, against users in memory: keyset pages, reads through the cache, creates and deletes,
/// and every 4xx they answer. (PostgreSQL, Redis and the event stream are tested against real
/// servers by the integration tests.)
@Suite("user routes in process", .timeLimit(.minutes(1)))
struct UserRoutesTests {
    static let cipher = EmailCipher(key: EmailCipher.developmentKey)

    static func record(_ id: Int64) -> UserRecord {
        UserRecord(
            id: id, firstName: "First\(id)", lastName: "Last\(id)", emailAddress: "user\(id)@example.com",
            createdAt: 1_700_000_000 + id, deletedAt: nil, mergedAt: nil, parentUserID: id == 1 ? nil : 1)
    }

    static func stored(_ id: Int64) throws -> StoredUser {
        try StoredUser(sealing: record(id), with: cipher)
    }

    /// The routes over `store`, `cache` and `changes`; the event stream's subscriber points at a
    /// port nothing listens on, and no test here follows changes.
    static func withRoutes(
        store: InMemoryUserStore, cache: InMemoryUserCache = InMemoryUserCache(),
        changes: RecordingChangePublisher = RecordingChangePublisher(),
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = buildRouter(
            store: store, cache: cache, changes: changes,
            subscriber: RedisSubscriber(
                configuration: RedisClientConfiguration(endpoint: HostPort(host: "127.0.0.1", port: 1))),
            cipher: cipher, config: UserRoutesConfig(), readiness: ReadinessChecker(checks: []),
            logger: Logger(label: "user-routes-test"))
        try await Application(router: router).test(.router) { client in try await body(client) }
    }

    static func post(
        _ client: any TestClientProtocol, _ body: String, contentType: String = "application/json"
    )
        async throws -> TestResponse
    {
        try await client.execute(
            uri: "/users", method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: body))
    }

    static func user(_ response: TestResponse) throws -> UserRecord {
        try ContractCoding.decode(UserRecord.self, from: response.text)
    }

    // MARK: GET /users

    @Test(arguments: [1, 3, 7, 100])
    func keysetPagesWalkEveryUserOnceUntilTheLastHasNoCursor(limit: Int) async throws {
        let store = InMemoryUserStore(try (1...7).map { try Self.stored($0) })
        try await Self.withRoutes(store: store) { client in
            var seen: [UserRecord] = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/users?limit=\(limit)" + (cursor.map { "&after=\($0)" } ?? "")
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(response.text)")
                let object = try response.object
                let users = try #require(object["users"] as? [Any])
                #expect(users.count == min(limit, 7 - seen.count))
                for user in users {
                    let json = try JSONSerialization.data(withJSONObject: user)
                    seen.append(try ContractCoding.decode(UserRecord.self, from: json))
                }
                cursor = object["next_cursor"] as? String
                if let cursor { #expect(cursor == String(seen.last?.id ?? 0)) }
                pages += 1
            } while cursor != nil && pages <= 7
            #expect(pages == (7 + limit - 1) / limit)
            #expect(seen == (1...7).map(Self.record))
        }
    }

    @Test func aPageAfterTheLastUserIsEmptyWithoutCursor() async throws {
        try await Self.withRoutes(store: InMemoryUserStore(try (1...3).map { try Self.stored($0) })) { client in
            let response = try await client.execute(uri: "/users?after=3", method: .get)
            #expect(response.status == .ok)
            #expect(response.text == #"{"users":[],"next_cursor":null}"#)
        }
    }

    static let badListQueries: [(String, String)] = [
        ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=ten", "limit"), ("limit=5&limit=6", "limit"),
        ("after=-1", "after"), ("after=abc", "after"), ("after=1.5", "after"), ("page=2", "page"),
    ]

    @Test(arguments: badListQueries)
    func aBadListParameterIs400NamingIt(query: String, field: String) async throws {
        try await Self.withRoutes(store: InMemoryUserStore([try Self.stored(1)])) { client in
            let response = try await client.execute(uri: "/users?" + query, method: .get)
            #expect(response.status == .badRequest, "\(response.text)")
            let error = try #require(response.errorAnswer, "\(response.text)")
            #expect(error.field == field)
            #expect(error.message.hasPrefix("\(field):"), "\(error.message)")
        }
    }

    // MARK: GET /users/{id}

    @Test func aUserIsReadOnceFromTheStoreThenFromTheCache() async throws {
        let store = InMemoryUserStore([try Self.stored(7)])
        let cache = InMemoryUserCache()
        try await Self.withRoutes(store: store, cache: cache) { client in
            let first = try await client.execute(uri: "/users/7", method: .get)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "application/json")
            #expect(try Self.user(first) == Self.record(7))
            #expect(cache.cached(7) == (try Self.stored(7)))
            let second = try await client.execute(uri: "/users/7", method: .get)
            #expect(second.body == first.body)
            #expect(store.singleReads == 1)
        }
    }

    @Test func aUserMarkedDeletedInTheCacheIsReadFromTheStoreAndNotFilled() async throws {
        let cache = InMemoryUserCache()
        cache.markDeleted(7)
        try await Self.withRoutes(store: InMemoryUserStore([try Self.stored(7)]), cache: cache) { client in
            let response = try await client.execute(uri: "/users/7", method: .get)
            #expect(response.status == .ok)
            #expect(try Self.user(response) == Self.record(7))
            #expect(cache.cached(7) == nil)
        }
    }

    @Test func anUnknownUserIs404() async throws {
        try await Self.withRoutes(store: InMemoryUserStore([try Self.stored(7)])) { client in
            let response = try await client.execute(uri: "/users/8", method: .get)
            #expect(response.status == .notFound)
            #expect(response.errorAnswer?.message == "no user with id 8")
        }
    }

    @Test(arguments: ["abc", "0", "-3", "9223372036854775808"])
    func anIdThatIsNoPositiveIntegerIs400(id: String) async throws {
        try await Self.withRoutes(store: InMemoryUserStore()) { client in
            let response = try await client.execute(uri: "/users/" + id, method: .get)
            #expect(response.status == .badRequest)
            let error = try #require(response.errorAnswer, "\(response.text)")
            #expect(error.field == "id")
            #expect(error.message.contains("positive integer"), "\(error.message)")
        }
    }

    // MARK: POST /users

    @Test func aCreatedUserIsStoredAnnouncedAndAnswered() async throws {
        let store = InMemoryUserStore()
        let changes = RecordingChangePublisher()
        try await Self.withRoutes(store: store, changes: changes) { client in
            let response = try await Self.post(
                client,
                #"{"id":41,"first_name":"Ada","last_name":"Lovelace","email_address":"ada@example.com","#
                    + #""created_at":1700000000,"deleted_at":-1,"parent_user_id":40}"#)
            let expected = UserRecord(
                id: 41, firstName: "Ada", lastName: "Lovelace", emailAddress: "ada@example.com",
                createdAt: 1_700_000_000, deletedAt: nil, mergedAt: nil, parentUserID: 40)
            #expect(response.status == .created, "\(response.text)")
            #expect(response.headers[.location] == "/users/41")
            #expect(try Self.user(response) == expected)
            let stored = try #require(store.stored(41))
            #expect(!stored.emailSealed.isEmpty)
            #expect(try stored.opened(with: Self.cipher) == expected)
            #expect(changes.committedIDs == [41])
        }
    }

    @Test func aTakenIdIs409AndLeavesTheStoredUser() async throws {
        let store = InMemoryUserStore([try Self.stored(41)])
        let changes = RecordingChangePublisher()
        try await Self.withRoutes(store: store, changes: changes) { client in
            let response = try await Self.post(
                client, #"{"id":41,"first_name":"Ada","last_name":"Lovelace","email_address":"ada@example.com"}"#)
            #expect(response.status == .conflict)
            let error = try #require(response.errorAnswer, "\(response.text)")
            #expect(error.field == "id")
            #expect(error.message == "a user with id 41 exists")
            #expect(try store.stored(41)?.opened(with: Self.cipher) == Self.record(41))
            #expect(changes.committedIDs.isEmpty)
        }
    }

    /// Bodies `POST /users` refuses, and the field each 400 names (nil: the body as a whole).
    static let badBodies: [(String, String?)] = [
        ("{", nil),
        ("[]", nil),
        (#"{"id":1,"first_name":"A","last_name":"B","email_address":"a@example.com","nickname":"x"}"#, "nickname"),
        (#"{"id":1,"first_name":"A","last_name":"B"}"#, "email_address"),
        (#"{"id":"one","first_name":"A","last_name":"B","email_address":"a@example.com"}"#, "id"),
        (#"{"id":0,"first_name":"A","last_name":"B","email_address":"a@example.com"}"#, "id"),
        (#"{"id":1,"first_name":"","last_name":"B","email_address":"a@example.com"}"#, "first_name"),
        (#"{"id":1,"first_name":"A","last_name":"B","email_address":"not an address"}"#, "email_address"),
        (#"{"id":1,"first_name":"A","last_name":"B","email_address":"a@example.com","created_at":-5}"#, "created_at"),
        (
            #"{"id":1,"first_name":"A","last_name":"B","email_address":"a@example.com","parent_user_id":0}"#,
            "parent_user_id"
        ),
    ]

    @Test(arguments: badBodies)
    func anInvalidUserIs400NamingTheField(body: String, field: String?) async throws {
        let store = InMemoryUserStore()
        let changes = RecordingChangePublisher()
        try await Self.withRoutes(store: store, changes: changes) { client in
            let response = try await Self.post(client, body)
            #expect(response.status == .badRequest, "\(response.text)")
            let error = try #require(response.errorAnswer, "\(response.text)")
            #expect(error.field == field, "\(error.message)")
            if let field { #expect(error.message.contains(field), "\(error.message)") }
        }
        #expect(try await store.page(after: 0, limit: 10).isEmpty)
        #expect(changes.committedIDs.isEmpty)
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded"])
    func aBodyThatIsNotJSONIs415(contentType: String) async throws {
        try await Self.withRoutes(store: InMemoryUserStore()) { client in
            let response = try await Self.post(
                client, #"{"id":1,"first_name":"A","last_name":"B","email_address":"a@example.com"}"#,
                contentType: contentType)
            #expect(response.status == .unsupportedMediaType)
            #expect(response.errorAnswer?.message.contains(contentType) == true, "\(response.text)")
        }
    }

    @Test func jsonWithACharsetIsAccepted() async throws {
        try await Self.withRoutes(store: InMemoryUserStore()) { client in
            let response = try await Self.post(
                client, #"{"id":1,"first_name":"A","last_name":"B","email_address":"a@example.com"}"#,
                contentType: "application/json; charset=utf-8")
            #expect(response.status == .created, "\(response.text)")
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let name = String(repeating: "x", count: UsersController.maximumBodyBytes)
        try await Self.withRoutes(store: InMemoryUserStore()) { client in
            let response = try await Self.post(
                client, #"{"id":1,"first_name":"\#(name)","last_name":"B","email_address":"a@example.com"}"#)
            #expect(response.status == .contentTooLarge)
            #expect(response.errorAnswer?.message.contains("\(UsersController.maximumBodyBytes) bytes") == true)
        }
    }

    // MARK: DELETE /users/{id} and /users?id=

    @Test(arguments: ["/users/5", "/users?id=5"])
    func aDeletedUserIsGoneAndAnnounced(uri: String) async throws {
        let store = InMemoryUserStore([try Self.stored(5), try Self.stored(6)])
        let changes = RecordingChangePublisher()
        try await Self.withRoutes(store: store, changes: changes) { client in
            let response = try await client.execute(uri: uri, method: .delete)
            #expect(response.status == .noContent)
            #expect(response.body.readableBytes == 0)
            #expect(store.stored(5) == nil)
            #expect(store.stored(6) != nil)
            #expect(changes.deletedIDs == [5])
            let again = try await client.execute(uri: uri, method: .delete)
            #expect(again.status == .notFound)
            #expect(again.errorAnswer?.message == "no user with id 5")
            #expect(changes.deletedIDs == [5])
        }
    }

    @Test(arguments: ["/users/abc", "/users/0", "/users?id=-1", "/users"])
    func aDeleteWithoutAUsableIdIs400(uri: String) async throws {
        let store = InMemoryUserStore([try Self.stored(1)])
        try await Self.withRoutes(store: store) { client in
            let response = try await client.execute(uri: uri, method: .delete)
            #expect(response.status == .badRequest)
            #expect(response.errorAnswer?.field == "id", "\(response.text)")
        }
        #expect(store.stored(1) != nil)
    }

    // MARK: /users/sse parameters, operational routes

    @Test func badEventStreamParametersAre400BeforeAnyStream() async throws {
        try await Self.withRoutes(store: InMemoryUserStore()) { client in
            let follow = try await client.execute(uri: "/users/sse?follow=yes", method: .get)
            #expect(follow.status == .badRequest)
            #expect(follow.errorAnswer?.field == "follow")
            let resume = try await client.execute(
                uri: "/users/sse", method: .get, headers: [HTTPField.Name("Last-Event-ID")!: "seven"])
            #expect(resume.status == .badRequest)
            #expect(resume.errorAnswer?.field == "Last-Event-ID")
        }
    }

    @Test func theOperationalRoutesAnswer() async throws {
        try await Self.withRoutes(store: InMemoryUserStore()) { client in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
            #expect(try live.object["status"] as? String == "alive")
            #expect(try await client.execute(uri: "/health/ready", method: .get).status == .ok)
        }
    }

    @Test func theWorkerRouterServesNoUsers() async throws {
        let router = buildOperationalRouter(readiness: ReadinessChecker(checks: []))
        try await Application(router: router).test(.router) { client in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
            let users = try await client.execute(uri: "/users", method: .get)
            #expect(users.status == .notFound)
        }
    }
}
