import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceKit
import TestInfra
import Testing

@testable import QueryServiceCore

/// The routes of ``buildRouter(reads:cache:queryTimeout:readiness:logger:)`` in process, against
/// logs in memory: every 4xx they answer, the bodies of their answers, keyset pages and the cache
/// header. (The SQL itself is tested against PostgreSQL by the integration tests.)
@Suite("log routes in process", .timeLimit(.minutes(1)))
struct LogRoutesTests {
    /// 2026-03-01T10:00:00Z in microseconds.
    static let base: Int64 = 1_772_359_200_000_000

    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
    }

    static func log(
        _ n: Int, second: Int64, level: String? = "info", service: String? = "api", message: String? = "hello",
        data: String = #"{"n":1}"#
    ) -> StoredLog {
        let time = LogTime(microsecondsSince1970: base + second * 1_000_000)
        return StoredLog(
            id: id(n), receivedAt: time.adding(microseconds: 1_000), timestamp: time, level: level, service: service,
            message: message, data: RawJSON(ByteBuffer(string: data)))
    }

    /// Seven logs, 0 oldest; 5 and 6 share a timestamp, so 6 (the larger id) comes first.
    static let sevenLogs = (0...6).map { log($0, second: Int64(min($0, 5))) }
    static let sevenNewestFirst = [6, 5, 4, 3, 2, 1, 0].map(id)

    static func withRoutes(
        reads: some LogReads, cache: some QueryCache, queryTimeout: Duration = .seconds(5),
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = buildRouter(
            reads: reads, cache: cache, queryTimeout: queryTimeout, readiness: ReadinessChecker(checks: []),
            logger: Logger(label: "query-service-routes-test"))
        try await Application(router: router).test(.router) { client in try await body(client) }
    }

    static func withRoutes(
        _ logs: [StoredLog], _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await withRoutes(reads: InMemoryLogReads(logs), cache: InMemoryQueryCache(), body)
    }

    /// The ids of a `/logs` page, in order, and its next cursor.
    static func page(_ response: TestResponse) throws -> (ids: [UUID], nextCursor: String?) {
        let object = try response.object
        let logs = try #require(object["logs"] as? [[String: Any]], "\(response.text)")
        return (
            try logs.map { try #require(UUID(uuidString: $0["id"] as? String ?? "")) }, object["next_cursor"] as? String
        )
    }

    // MARK: GET /logs

    @Test func aPageListsLogsNewestFirstWithEveryField() async throws {
        let logs = [
            Self.log(
                1, second: 1, level: "error", service: "billing", message: "disk full", data: #"{"user":{"id":7}}"#),
            Self.log(2, second: 2, level: nil, service: nil, message: nil),
        ]
        try await Self.withRoutes(logs) { client in
            let response = try await client.execute(uri: "/logs", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let object = try response.object
            #expect(object["next_cursor"] is NSNull)
            let answered = try #require(object["logs"] as? [[String: Any]])
            #expect(
                answered.map { $0["id"] as? String } == [
                    "00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000001",
                ])
            #expect(answered[0]["level"] is NSNull)
            #expect(answered[0]["message"] is NSNull)
            #expect(answered[1]["timestamp"] as? String == "2026-03-01T10:00:01.000Z")
            #expect(answered[1]["received_at"] as? String == "2026-03-01T10:00:01.001Z")
            #expect(answered[1]["level"] as? String == "error")
            #expect(answered[1]["service"] as? String == "billing")
            #expect(answered[1]["message"] as? String == "disk full")
            #expect(((answered[1]["data"] as? [String: Any])?["user"] as? [String: Any])?["id"] as? Int == 7)
        }
    }

    @Test(arguments: [1, 2, 3, 6, 7, 50])
    func keysetPagesWalkEveryLogOnceUntilTheLastHasNoCursor(limit: Int) async throws {
        try await Self.withRoutes(Self.sevenLogs) { client in
            var seen: [UUID] = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/logs?limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? "")
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(response.text)")
                let page = try Self.page(response)
                #expect(page.ids.count == min(limit, 7 - seen.count))
                seen += page.ids
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages <= 7
            #expect(seen == Self.sevenNewestFirst)
            #expect(pages == (7 + limit - 1) / limit)
        }
    }

    @Test func filtersNarrowThePage() async throws {
        let logs = [
            Self.log(1, second: 1, level: "error", service: "api", message: "Disk FULL on /var"),
            Self.log(2, second: 2, level: "error", service: "billing", message: "disk full"),
            Self.log(3, second: 3, level: "info", service: "api", message: "disk full"),
            Self.log(4, second: 4, level: "error", service: "api", message: "disk full again"),
            Self.log(5, second: 5, level: "error", service: "api", message: "all good"),
        ]
        try await Self.withRoutes(logs) { client in
            let response = try await client.execute(
                uri:
                    "/logs?level=error&service=api&contains=disk%20full&from=2026-03-01T10:00:01Z&to=2026-03-01T10:00:05Z",
                method: .get)
            #expect(response.status == .ok, "\(response.text)")
            #expect(try Self.page(response).ids == [Self.id(4), Self.id(1)])
        }
    }

    /// Each query string and the parameter its 400 must name.
    static let badLogQueries: [(String, String)] = [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=" + String(repeating: "A", count: 34), "cursor"),
        ("from=yesterday", "from"),
        ("to=2026-03-01", "to"),
        ("from=2026-03-01T10:00:00Z&to=2026-03-01T09:00:00Z", "to"),
        ("from=2026-03-01T10:00:00Z&to=2026-03-01T10:00:00Z", "to"),
        ("match=%5B1%5D", "match"),
        ("match=%7B%22user%22", "match"),
        ("match=" + String(repeating: "x", count: 4097), "match"),
        ("contains=" + String(repeating: "x", count: 1001), "contains"),
        ("level=a%00b", "level"),
        ("level=error&level=info", "level"),
        ("page=2", "page"),
    ]

    @Test(arguments: badLogQueries)
    func aBadLogsParameterIs400NamingIt(query: String, parameter: String) async throws {
        let reads = InMemoryLogReads(Self.sevenLogs)
        let cache = InMemoryQueryCache()
        try await Self.withRoutes(reads: reads, cache: cache) { client in
            let response = try await client.execute(uri: "/logs?" + query, method: .get)
            #expect(response.status == .badRequest, "\(response.text)")
            let error = try #require(response.errorAnswer, "\(response.text)")
            #expect(error.field == parameter)
            #expect(error.message.hasPrefix(parameter + ":"), "\(error.message)")
        }
        #expect(cache.storedAnswers == 0)
    }

    // MARK: GET /logs/{id}

    @Test func aLogByIdIsAnsweredUncached() async throws {
        try await Self.withRoutes(Self.sevenLogs) { client in
            let response = try await client.execute(uri: "/logs/00000000-0000-4000-8000-000000000003", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.xCache] == nil)
            let object = try response.object
            #expect(object["id"] as? String == "00000000-0000-4000-8000-000000000003")
            #expect(object["timestamp"] as? String == "2026-03-01T10:00:03.000Z")
        }
    }

    @Test func anUnknownLogIs404() async throws {
        try await Self.withRoutes(Self.sevenLogs) { client in
            let response = try await client.execute(uri: "/logs/0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b", method: .get)
            #expect(response.status == .notFound)
            #expect(response.errorAnswer?.message == "no log with id 0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b")
        }
    }

    @Test(arguments: ["42", "not-a-uuid", "0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5"])
    func anIdThatIsNoUUIDIs400(id: String) async throws {
        try await Self.withRoutes(Self.sevenLogs) { client in
            let response = try await client.execute(uri: "/logs/" + id, method: .get)
            #expect(response.status == .badRequest)
            let error = try #require(response.errorAnswer, "\(response.text)")
            #expect(error.field == "id")
            #expect(error.message.contains("expected a UUID"))
        }
    }

    // MARK: GET /logs/stats

    @Test func statsCountEachLevelPerBucket() async throws {
        let logs = [
            Self.log(1, second: 10, level: "error"),
            Self.log(2, second: 20, level: "info"),
            Self.log(3, second: 30, level: "error"),
            Self.log(4, second: 40, level: nil),
            Self.log(5, second: 70, level: "info"),
            Self.log(6, second: 200, level: "info"),  // after `to`
        ]
        try await Self.withRoutes(logs) { client in
            let response = try await client.execute(
                uri: "/logs/stats?from=2026-03-01T10:00:00Z&to=2026-03-01T10:03:00Z&bucket=minute", method: .get)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.xCache] == "miss")
            let object = try response.object
            #expect(object["from"] as? String == "2026-03-01T10:00:00.000Z")
            #expect(object["to"] as? String == "2026-03-01T10:03:00.000Z")
            #expect(object["bucket"] as? String == "minute")
            let buckets = try #require(object["buckets"] as? [[String: Any]])
            #expect(buckets.map { $0["start"] as? String } == ["2026-03-01T10:00:00.000Z", "2026-03-01T10:01:00.000Z"])
            #expect(buckets[0]["counts"] as? [String: Int] == ["error": 2, "info": 1, "(none)": 1])
            #expect(buckets[1]["counts"] as? [String: Int] == ["info": 1])
        }
    }

    static let badStatsQueries: [(String, String)] = [
        ("bucket=day", "bucket"),
        ("from=2026-03-01T10:00:00Z&to=2026-03-02T10:00:01Z", "from"),
        ("from=2026-03-01T10:00:00Z&to=2026-03-01T10:00:00Z", "to"),
        ("to=soon", "to"),
        ("limit=5", "limit"),
        ("bucket=hour&bucket=minute", "bucket"),
    ]

    @Test(arguments: badStatsQueries)
    func aBadStatsParameterIs400NamingIt(query: String, parameter: String) async throws {
        try await Self.withRoutes(Self.sevenLogs) { client in
            let response = try await client.execute(uri: "/logs/stats?" + query, method: .get)
            #expect(response.status == .badRequest, "\(response.text)")
            let error = try #require(response.errorAnswer, "\(response.text)")
            #expect(error.field == parameter)
            #expect(error.message.hasPrefix(parameter + ":"), "\(error.message)")
        }
    }

    // MARK: the cache and PostgreSQL's absence

    @Test func aRepeatedQueryIsServedFromTheCacheUntilTheGenerationMoves() async throws {
        let reads = InMemoryLogReads(Self.sevenLogs)
        let cache = InMemoryQueryCache()
        try await Self.withRoutes(reads: reads, cache: cache) { client in
            let first = try await client.execute(uri: "/logs?limit=2", method: .get)
            #expect(first.headers[.xCache] == "miss")
            reads.add([Self.log(9, second: 9)])
            let second = try await client.execute(uri: "/logs?limit=2", method: .get)
            #expect(second.headers[.xCache] == "hit")
            #expect(second.body == first.body)
            cache.advanceGeneration()
            let third = try await client.execute(uri: "/logs?limit=2", method: .get)
            #expect(third.headers[.xCache] == "miss")
            #expect(try Self.page(third).ids == [Self.id(9), Self.id(6)])
        }
    }

    @Test func withoutTheCacheEveryAnswerComesFromTheReads() async throws {
        let cache = InMemoryQueryCache()
        cache.setAvailable(false)
        try await Self.withRoutes(reads: InMemoryLogReads(Self.sevenLogs), cache: cache) { client in
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/logs?limit=1", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.xCache] == "miss")
                #expect(try Self.page(response).ids == [Self.id(6)])
            }
        }
        #expect(cache.storedAnswers == 0)
    }

    @Test(arguments: ["/logs", "/logs/stats", "/logs/00000000-0000-4000-8000-000000000001"])
    func readsThatDoNotAnswerInTimeAre503(uri: String) async throws {
        try await Self.withRoutes(
            reads: UnansweredLogReads(), cache: InMemoryQueryCache(), queryTimeout: .milliseconds(100)
        ) {
            client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorAnswer?.message.contains("PostgreSQL is unavailable") == true, "\(response.text)")
        }
    }

    @Test func theOperationalRoutesAnswer() async throws {
        try await Self.withRoutes([]) { client in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
            #expect(try live.object["status"] as? String == "alive")
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(try ready.object["status"] as? String == "ready")
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .ok)
        }
    }
}
