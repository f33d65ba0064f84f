import Contracts
import Foundation
import Kafka
import Logging
import PostgresNIO
import ServiceKit
import TestInfra
import Testing

@testable import UserAPICore

/// `POST /api/user` → Kafka (the harness's broker) → the consumer in the same process → PostgreSQL,
/// read back through the status, the users and the age groups.
@Suite("user submissions through Kafka", .timeLimit(.minutes(5)))
struct SubmissionFlowTests {
    @Test func aGoodSubmissionIsCompletedWithEveryUserStoredOnce() async throws {
        try await withLiveUserAPI(overrides: submissionOverrides()) { api in
            let slug = try await api.submitAccepted(
                usersJSON([("Ada Lovelace", 36), ("Alan Turing", 41), ("Grace Hopper", 85)]))
            let status = try await api.finalStatus(slug)
            #expect(status.status == "completed")
            #expect(status.total == 3 && status.stored == 3 && status.rejected == 0 && status.errors.isEmpty)
            let page = try await api.json("/api/users?limit=2")
            #expect(page["users"]?.arrayValue?.count == 2)
            let cursor = try #require(page["next_cursor"]?.stringValue)
            let rest = try await api.json("/api/users?limit=2&cursor=\(cursor)")
            #expect(rest["users"]?.arrayValue?.count == 1 && rest["next_cursor"] == .null)
            let names = (page["users"]!.arrayValue! + rest["users"]!.arrayValue!).compactMap { $0["name"]?.stringValue }
            #expect(names.sorted() == ["Ada Lovelace", "Alan Turing", "Grace Hopper"])
            // The ids come from the slug and the index.
            #expect(
                try await api.count(
                    "SELECT count(*) FROM submitted_users WHERE id = md5('\(slug)' || ':' || record_index)::uuid") == 3)
        }
    }

    @Test func aMixedSubmissionStoresTheValidUsersAndListsEveryError() async throws {
        try await withLiveUserAPI(overrides: submissionOverrides()) { api in
            let body = """
                [{"name":"Ada","age":36,"email":"ada@example.com"},
                 {"name":"","age":200,"email":"nope","phone":"12"},
                 {"name":"Ada","age":36},
                 {"name":"Bob","age":"x","city":"Paris"},
                 {"name":"Eve","age":20,"phone":"+1 555 010 0100"}]
                """
            let slug = try await api.submitAccepted(body)
            let status = try await api.finalStatus(slug)
            #expect(status.status == "completed_with_errors")
            #expect(status.total == 5 && status.stored == 2 && status.rejected == 3)
            let errors = status.errors.map { (int($0["index"]) ?? -1, $0["field"]?.stringValue ?? "-") }
            #expect(errors.map(\.0) == [1, 1, 1, 1, 2, 3, 3])
            #expect(errors.filter { $0.0 == 1 }.map(\.1).sorted() == ["age", "email", "name", "phone"])
            #expect(errors.filter { $0.0 == 3 }.map(\.1).sorted() == ["age", "city"])
            // Keyset pages of the errors: two at a time, the same errors in the same order.
            var paged: [JSONValue] = []
            var cursor: String?
            for _ in 0..<10 {
                let page = try await api.status(
                    slug, query: "?errors_limit=2" + (cursor.map { "&errors_cursor=\($0)" } ?? ""))
                #expect(page.errors.count <= 2)
                paged += page.errors
                cursor = page.nextErrorsCursor
                if cursor == nil { break }
            }
            #expect(paged == status.errors)
            #expect(try await api.count("SELECT count(*) FROM submitted_users") == 2)
        }
    }

    /// 100 users: the consumer's plain INSERT meets the unique (name, age) index, rolls back to its
    /// savepoint and inserts again with ON CONFLICT DO NOTHING, so only the duplicates are refused.
    @Test func duplicatesInALargeMessageAreThoseUsersErrorsOnly() async throws {
        try await withLiveUserAPI(overrides: submissionOverrides()) { api in
            let first = try await api.submitAccepted(usersJSON([("Stored before", 40)]))
            #expect(try await api.finalStatus(first).status == "completed")
            let users = (0..<98).map { (name: "Large \($0)", age: $0 % 90) } + [("Stored before", 40), ("Large 0", 0)]
            let slug = try await api.submitAccepted(usersJSON(users))
            let status = try await api.finalStatus(slug)
            #expect(status.status == "completed_with_errors")
            #expect(status.stored == 98 && status.rejected == 2)
            #expect(status.errors.map { int($0["index"]) } == [98, 99])
            #expect(status.errors.allSatisfy { $0["reason"]?.stringValue?.contains("stored already") == true })
            #expect(try await api.count("SELECT count(*) FROM submitted_users") == 99)
        }
    }

    @Test func anAllBadSubmissionFailsWithItsErrors() async throws {
        try await withLiveUserAPI(overrides: submissionOverrides()) { api in
            let slug = try await api.submitAccepted(#"[{"name":"A","age":-1},{"age":3},{"name":"C"}]"#)
            let status = try await api.finalStatus(slug)
            #expect(status.status == "failed")
            #expect(status.stored == 0 && status.rejected == 3 && status.errors.count == 3)
            #expect(status.json["failure"] == .null)
        }
    }

    @Test func aCSVSubmissionIsCheckedLikeJSON() async throws {
        try await withLiveUserAPI(overrides: submissionOverrides()) { api in
            let csv = "name,age,email\r\n\"Lovelace, Ada\",36,ada@example.com\r\nBob,old,\r\nCarol,29,\r\n"
            let slug = try await api.submitAccepted(csv, contentType: "text/csv")
            let status = try await api.finalStatus(slug)
            #expect(status.status == "completed_with_errors")
            #expect(status.stored == 2 && status.rejected == 1)
            #expect(status.errors.first?["index"] == .int(1) && status.errors.first?["field"] == .string("age"))
            #expect(try await api.count("SELECT count(*) FROM submitted_users WHERE name = 'Lovelace, Ada'") == 1)
        }
    }

    @Test func badBodiesAreRefusedAtOnceWithThePlace() async throws {
        try await withLiveUserAPI(overrides: submissionOverrides()) { api in
            let notObject = try await api.submit("[{\"name\":\"A\",\"age\":1},\n 3]")
            #expect(notObject.status == .badRequest)
            let error = try JSONValue.parse(Array(notObject.body.readableBytesView))
            #expect(error["index"] == .int(1) && error["line"] == .int(2))
            #expect(try await api.submit("{").status == .badRequest)
            #expect(try await api.submit("name\n", contentType: "text/plain").status == .unsupportedMediaType)
            let tooMany = "[" + Array(repeating: #"{"name":"A","age":1}"#, count: 10_001).joined(separator: ",") + "]"
            #expect(try await api.submit(tooMany).status == .contentTooLarge)
            #expect(try await api.execute(.get, "/api/user/status/nosuchslug").status == .notFound)
            #expect(try await api.execute(.get, "/api/user/status/AAAAAAAAAAAAAAAAAAAAAA").status == .notFound)
            // Nothing was queued for any of them.
            #expect(try await api.count("SELECT count(*) FROM user_submissions") == 0)
        }
    }

    @Test func ageGroupsChangeRightAfterACommit() async throws {
        let overrides = submissionOverrides()
        try await withLiveUserAPI(overrides: overrides) { api in
            let before = try await api.json("/api/user/age-groups")
            #expect(before["total"] == .int(0))
            // Cached now, under generation 0.
            let prefix = overrides["USER_AGE_GROUPS_CACHE_KEY_PREFIX"]!
            #expect(try await api.redis.getString(prefix + "0:all") != nil)
            let slug = try await api.submitAccepted(
                usersJSON([("Kid", 10), ("Student", 20), ("Worker", 30), ("Other worker", 34), ("Elder", 70)]))
            #expect(try await api.finalStatus(slug).status == "completed")
            // The consumer bumps the generation right after its database commit (the status is
            // final from that commit on), so the cached zeros give way within moments: far inside
            // the answer's TTL (300 s), which is what would otherwise replace them.
            let after = try await pollUntil("the age groups after the commit", timeout: .seconds(10)) {
                let document = try await api.json("/api/user/age-groups")
                return document["total"] == .int(5) ? document : nil
            }
            #expect(try await api.redis.getString(prefix + "generation").flatMap { Int($0) } ?? 0 >= 1)
            let counts = after["groups"]?.arrayValue?.map { int($0["count"]) ?? -1 }
            #expect(counts == [1, 1, 2, 0, 0, 0, 1])
            #expect(after["groups"]?.arrayValue?.map { $0["range"]?.stringValue ?? "" } == AgeGroups.labels)
        }
    }

    @Test func anUndecodableMessageGoesToTheDeadLetterTopicAndTheConsumerGoesOn() async throws {
        let overrides = submissionOverrides()
        try await withLiveUserAPI(overrides: overrides) { api in
            let servers = try await TestServers.shared()
            let logger = Logger(label: "user-api-test")
            var configuration = KafkaProducerConfiguration(try servers.kafka)
            configuration.clientID = "user-api-test"
            let producer = try KafkaProducer(configuration: configuration, logger: logger)
            _ = try await producer.send(
                KafkaProducerMessage(topic: overrides["USER_SUBMISSIONS_TOPIC"]!, key: "junk", value: "{not json"))
            await producer.close()
            var consumerConfiguration = KafkaConsumerConfiguration(
                try servers.kafka, groupID: TestNames.unique("deadreader", separator: "."),
                topics: [overrides["USER_SUBMISSIONS_DEAD_LETTER_TOPIC"]!])
            consumerConfiguration.sessionTimeout = .seconds(6)
            let reader = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
            let dead = try await withTimeout(.seconds(90)) {
                var iterator = reader.messages.makeAsyncIterator()
                return try await iterator.next()
            }
            await reader.close()
            #expect(dead?.valueString == "{not json")
            #expect(dead?.keyString == "junk")
            let reason = dead?.headers.first { $0.name == "reason" }?.value.map { String(decoding: $0, as: UTF8.self) }
            #expect(reason?.contains("not a submission message") == true, "\(String(describing: reason))")
            // The consumer committed it and goes on.
            let slug = try await api.submitAccepted(usersJSON([("After the junk", 50)]))
            #expect(try await api.finalStatus(slug).status == "completed")
        }
    }
}
