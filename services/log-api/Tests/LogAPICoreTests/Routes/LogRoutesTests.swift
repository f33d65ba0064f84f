import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import Synchronization
import TestInfra
import Testing

@testable import LogAPICore

/// log-api's router (``buildRouter(publisher:config:readiness:logger:)``) in process, with a
/// publisher that keeps what it is given in memory (or one that fails): what reaches the publisher
/// and what the client is told. The real broker is in LogAPIIntegrationTests.
@Suite("log routes", .timeLimit(.minutes(2)))
struct LogRoutesTests {
    struct Accepted: Decodable {
        let id: String?
        let ids: [String]?
    }

    /// One request that must be refused, and how.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let path: String
        let contentType: String
        let body: String
        let status: HTTPResponse.Status
        let error: String

        var testDescription: String { "\(path) \(contentType) → \(status.code)" }
    }

    /// Serves the router built with `publisher` and `config` in process for `test`.
    static func withRoutes(
        _ config: LogIntakeConfig = LogIntakeConfig(), publisher: some LogPublishing,
        _ test: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = buildRouter(
            publisher: publisher, config: config, readiness: ReadinessChecker(checks: []),
            logger: Logger(label: "log-api-test"))
        try await Application(router: router).test(.router) { client in try await test(client) }
    }

    /// Serves the router with a new ``RecordingLogPublisher``, handed to `test` too.
    static func withRoutes(
        _ config: LogIntakeConfig = LogIntakeConfig(),
        _ test: @Sendable (any TestClientProtocol, RecordingLogPublisher) async throws -> Void
    ) async throws {
        let publisher = RecordingLogPublisher()
        try await withRoutes(config, publisher: publisher) { client in try await test(client, publisher) }
    }

    static func post(
        _ client: any TestClientProtocol, _ path: String, _ body: String, contentType: String? = "application/json"
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
    }

    @Test func oneLogIsQueuedAsOneMessageAndItsIdReturned() async throws {
        try await Self.withRoutes { client, publisher in
            let body = #"{"level":"info","message":"started","service":"api","port":8083}"#
            let response = try await Self.post(client, "/log", body)
            #expect(response.status == .accepted)
            #expect(response.headers[.contentType] == "application/json")
            let id = try #require(try Self.decode(Accepted.self, response).id)
            #expect(publisher.published.count == 1)
            let record = try #require(publisher.records.first)
            #expect(record.id.uuidString.lowercased() == id)
            #expect(record.level == "info")
            #expect(record.message == "started")
            #expect(record.data == ["port": 8083])
            #expect(publisher.published[0].messageID != record.id)
        }
    }

    @Test func manyLogsAreQueuedInMessagesOfTheConfiguredSizeWithIdsInOrder() async throws {
        var config = LogIntakeConfig()
        config.messageMaxRecords = 3
        try await Self.withRoutes(config) { client, publisher in
            let body = "[" + (0..<7).map { #"{"message":"m\#($0)"}"# }.joined(separator: ",") + "]"
            let response = try await Self.post(client, "/logs", body)
            #expect(response.status == .accepted)
            let ids = try #require(try Self.decode(Accepted.self, response).ids)
            #expect(publisher.published.map(\.payload.records.count) == [3, 3, 1])
            #expect(publisher.records.map { $0.id.uuidString.lowercased() } == ids)
            #expect(publisher.records.map(\.message) == (0..<7).map { "m\($0)" })
            #expect(Set(publisher.published.map(\.messageID)).count == 3)
        }
    }

    @Test func ndjsonIsQueuedInLineOrder() async throws {
        try await Self.withRoutes { client, publisher in
            let body = "{\"message\":\"a\"}\n\n{\"message\":\"b\"}\r\n"
            let response = try await Self.post(client, "/logs", body, contentType: "application/x-ndjson")
            #expect(response.status == .accepted)
            let ids = try #require(try Self.decode(Accepted.self, response).ids)
            #expect(ids.count == 2)
            #expect(publisher.records.map(\.message) == ["a", "b"])
        }
    }

    static let refusals: [Refusal] = [
        Refusal(
            path: "/log", contentType: "text/plain", body: #"{"a":1}"#, status: .unsupportedMediaType,
            error: "Content-Type must be application/json, found 'text/plain'"),
        Refusal(
            path: "/log", contentType: "application/x-ndjson", body: #"{"a":1}"#, status: .unsupportedMediaType,
            error: "Content-Type must be application/json, found 'application/x-ndjson'"),
        Refusal(
            path: "/logs", contentType: "text/csv", body: "a,b", status: .unsupportedMediaType,
            error:
                "Content-Type must be application/json (an array of log objects) or application/x-ndjson, found 'text/csv'"
        ),
        Refusal(
            path: "/log", contentType: "application/json", body: #"{"level": 3}"#, status: .badRequest,
            error: "field 'level' expected a string, found a number"),
        Refusal(
            path: "/log", contentType: "application/json", body: #"{"a":1"#, status: .badRequest,
            error:
                "invalid JSON at line 1, column 7: expected ',' or '}' after an object member, found the end of the document"
        ),
        Refusal(
            path: "/log", contentType: "application/json", body: "\"text\"", status: .badRequest,
            error: "the body must be one JSON object (a log record), found a string"),
        Refusal(
            path: "/logs", contentType: "application/json", body: #"[{"message":"ok"},{"timestamp":"yesterday"}]"#,
            status: .badRequest,
            error: "record at index 1: field 'timestamp' expected an ISO 8601 date-time, found \"yesterday\""),
        Refusal(
            path: "/logs", contentType: "application/x-ndjson", body: "{\"message\":\"ok\"}\n{\"service\":false}",
            status: .badRequest, error: "line 2: field 'service' expected a string, found a boolean"),
        Refusal(
            path: "/logs", contentType: "application/x-ndjson", body: "{}\n{nope}", status: .badRequest,
            error: "invalid JSON at line 2, column 2: expected a string as object key, found 'nope'"),
        Refusal(
            path: "/logs", contentType: "application/json", body: "[]", status: .badRequest,
            error: "the body holds no log records"),
        Refusal(
            path: "/logs", contentType: "application/json", body: "[{},{},{},{},{}]", status: .contentTooLarge,
            error: "the body holds more than 4 log records (LOG_MAX_RECORDS)"),
        Refusal(
            path: "/logs", contentType: "application/json", body: "[" + String(repeating: "{},", count: 40) + "{}]",
            status: .contentTooLarge, error: "the body is larger than 100 bytes (LOG_MAX_BODY_BYTES)"),
    ]

    /// Every 4xx case: the status, the answer, and nothing handed to the publisher.
    @Test(arguments: refusals)
    func refusedRequestsPublishNothing(_ refusal: Refusal) async throws {
        var config = LogIntakeConfig()
        config.maxRecords = 4
        config.maxBodyBytes = 100
        try await Self.withRoutes(config) { client, publisher in
            let response = try await Self.post(client, refusal.path, refusal.body, contentType: refusal.contentType)
            #expect(response.status == refusal.status)
            #expect(response.headers[.contentType] == "application/json")
            #expect(try ErrorAnswer(response).message == refusal.error)
            #expect(publisher.published.isEmpty)
        }
    }

    @Test func theAnswerNamesThePlace() async throws {
        try await Self.withRoutes { client, _ in
            let ndjson = try await Self.post(
                client, "/logs", "{}\n{}\n{\"level\":[1]}", contentType: "application/x-ndjson")
            #expect(
                try ErrorAnswer(ndjson)
                    == ErrorAnswer(
                        message: "line 3: field 'level' expected a string, found an array", field: "level", index: 2,
                        line: 3))
            let json = try await Self.post(client, "/log", "{\n,}")
            #expect(
                try ErrorAnswer(json)
                    == ErrorAnswer(
                        message: "invalid JSON at line 2, column 1: expected a string as object key, found ','",
                        line: 2, column: 1))
        }
    }

    @Test func aStreamedBodyWithoutLengthIsCutOffAtTheLimit() async throws {
        var config = LogIntakeConfig()
        config.maxBodyBytes = 1000
        let controller = LogController(
            publisher: RecordingLogPublisher(), config: config, logger: Logger(label: "test"))
        func request(chunks: Int) -> Request {
            let body = AsyncStream<ByteBuffer> { continuation in
                for _ in 0..<chunks { continuation.yield(ByteBuffer(repeating: UInt8(ascii: " "), count: 300)) }
                continuation.finish()
            }
            return Request(
                head: HTTPRequest(
                    method: .post, scheme: "http", authority: "127.0.0.1", path: "/logs",
                    headerFields: [.contentType: "application/json"]),
                body: RequestBody(asyncSequence: body))
        }
        let error = await #expect(throws: APIError.self) {
            try await controller.readBody(of: request(chunks: 4), accepting: [.json])
        }
        #expect(error?.logRejectionReason == .bodyTooLarge)
        #expect(error?.status == .contentTooLarge)
        let (body, type) = try await controller.readBody(of: request(chunks: 3), accepting: [.json])
        #expect(body.count == 900)
        #expect(type == .json)
    }

    @Test func aMissingContentTypeIs415() async throws {
        try await Self.withRoutes { client, publisher in
            let response = try await Self.post(client, "/log", "{}", contentType: nil)
            #expect(response.status == .unsupportedMediaType)
            #expect(try ErrorAnswer(response).message == "Content-Type must be application/json, found none")
            #expect(publisher.published.isEmpty)
        }
    }

    @Test(arguments: [
        (LogPublishError.Kind.unavailable, "the message broker is unavailable"),
        (.timedOut, "the message broker did not confirm them in time"),
        (.refused, "the message broker refused them"),
    ])
    func aPublishFailureIs503WithoutIds(kind: LogPublishError.Kind, why: String) async throws {
        let publisher = FailingLogPublisher(LogPublishError(kind, "RabbitMQ 127.0.0.1:1: details for the log"))
        try await Self.withRoutes(publisher: publisher) { client in
            for (path, body) in [("/log", "{}"), ("/logs", "[{},{}]")] {
                let attemptsBefore = publisher.attemptedCount
                let response = try await Self.post(client, path, body)
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/json")
                // The details stay in the log: the client learns why in general, and nothing else.
                #expect(
                    try ErrorAnswer(response)
                        == ErrorAnswer(message: "the log records were not queued: \(why); retry later"))
                #expect(publisher.attemptedCount == attemptsBefore + 1, "the 503 came from publishing, not before it")
            }
        }
    }

    @Test func acceptedRecordsAndRejectionsAreCounted() async throws {
        @Sendable func value(_ name: String) -> Double {
            let prefix = name + " "
            let line = PrometheusMetrics.exposition().split(separator: "\n").first { $0.hasPrefix(prefix) }
            return line.flatMap { Double($0.dropFirst(prefix.count)) } ?? 0
        }
        let accepted = "log_api_records_accepted_total"
        let unsupported = #"log_api_requests_rejected_total{reason="unsupported_media_type"}"#
        try await Self.withRoutes { client, _ in
            let (acceptedBefore, unsupportedBefore) = (value(accepted), value(unsupported))
            let many = try await Self.post(client, "/logs", "[{},{},{}]")
            let refused = try await Self.post(client, "/log", "{}", contentType: "text/plain")
            #expect(many.status == .accepted)
            #expect(refused.status == .unsupportedMediaType)
            // Other tests run at the same time and count too: at least ours are there.
            #expect(value(accepted) >= acceptedBefore + 3)
            #expect(value(unsupported) >= unsupportedBefore + 1)
        }
    }

    /// The status of a request answered in another task, once it is answered.
    final class Answer: Sendable {
        let status = Mutex<HTTPResponse.Status?>(nil)
    }

    @Test func theAnswerWaitsForThePublishersConfirm() async throws {
        let publisher = HeldLogPublisher()
        try await Self.withRoutes(publisher: publisher) { client in
            for (path, body, records) in [("/log", "{}", 1), ("/logs", "[{},{},{}]", 3)] {
                let answer = Answer()
                let request = Task {
                    let response = try await Self.post(client, path, body)
                    answer.status.withLock { $0 = response.status }
                    return response
                }
                _ = try await pollUntil("\(path) handed to the publisher") { publisher.heldCount == 1 ? true : nil }
                #expect(answer.status.withLock { $0 } == nil, "\(path) was answered before the publisher confirmed")
                publisher.releaseAll()
                let response = try await request.value
                #expect(response.status == .accepted)
                #expect(publisher.confirmed.last?.payload.records.count == records)
            }
        }
    }

    @Test func aBodyOfExactlyTheLimitIsAcceptedAndOneByteMoreIs413() async throws {
        var config = LogIntakeConfig()
        config.maxBodyBytes = 64
        try await Self.withRoutes(config) { client, publisher in
            let prefix = #"{"message":""#
            let fitting = prefix + String(repeating: "a", count: 64 - prefix.utf8.count - 2) + #""}"#
            #expect(fitting.utf8.count == 64)
            let accepted = try await Self.post(client, "/log", fitting)
            #expect(accepted.status == .accepted)
            #expect(publisher.records.map(\.message?.count) == [64 - prefix.utf8.count - 2])

            let tooLarge = try await Self.post(client, "/log", fitting + " ")
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try ErrorAnswer(tooLarge).message == "the body is larger than 64 bytes (LOG_MAX_BODY_BYTES)")
            #expect(publisher.published.count == 1)
        }
    }

    /// buildRouter serves ServiceKit's operational routes next to the log routes, and counts every
    /// request in `/metrics`.
    @Test func theOperationalRoutesAreServedToo() async throws {
        try await Self.withRoutes { client, _ in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
            #expect(String(buffer: live.body) == #"{"status":"alive"}"#)

            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            let report = try JSONDecoder().decode(ReadinessReport.self, from: Data(ready.body.readableBytesView))
            #expect(report.isReady)
            #expect(report.checks.isEmpty)

            let posted = try await Self.post(client, "/logs", "[{}]")
            #expect(posted.status == .accepted)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            let lines = String(buffer: metrics.body).split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("log_api_records_accepted_total ") })
            let requestCounts = lines.filter { $0.hasPrefix("hb_requests{") }
            #expect(
                requestCounts.contains { $0.contains("\"/logs\"") && $0.contains("\"202\"") },
                "no count of POST /logs answered 202 in \(requestCounts)")
        }
    }
}
