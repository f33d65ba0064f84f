import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import Synchronization
import Testing

@testable import LogAPICore

/// The log routes in process, with a publisher that keeps what it is given in memory (or fails as
/// told): what reaches the publisher and what the client is told. The real broker is in
/// LogAPIIntegrationTests.
@Suite("log routes")
struct LogControllerTests {
    /// Keeps the envelopes handed to it, or fails with `failure`.
    final class MemoryPublisher: LogPublishing {
        let failure: LogPublishError?
        let envelopes = Mutex<[Envelope<LogBatch>]>([])

        init(failing failure: LogPublishError? = nil) { self.failure = failure }

        func publish(_ envelopes: [Envelope<LogBatch>], within limit: Duration) async throws(LogPublishError) {
            if let failure { throw failure }
            self.envelopes.withLock { $0 += envelopes }
        }

        var published: [Envelope<LogBatch>] { envelopes.withLock { $0 } }
        var records: [LogRecord] { published.flatMap(\.payload.records) }
    }

    struct Accepted: Decodable {
        let id: String?
        let ids: [String]?
    }

    struct Rejected: Decodable, Equatable {
        var error: String
        var index: Int? = nil
        var line: Int? = nil
        var column: Int? = nil
        var field: String? = nil
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

    static func withRoutes(
        _ config: LogIngestConfig = LogIngestConfig(), publisher: MemoryPublisher = MemoryPublisher(),
        _ test: @Sendable (any TestClientProtocol, MemoryPublisher) async throws -> Void
    ) async throws {
        let router = Router()
        LogController(publisher: publisher, config: config, logger: Logger(label: "log-api-test")).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in try await test(client, publisher) }
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
        var config = LogIngestConfig()
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
        var config = LogIngestConfig()
        config.maxRecords = 4
        config.maxBodyBytes = 100
        try await Self.withRoutes(config) { client, publisher in
            let response = try await Self.post(client, refusal.path, refusal.body, contentType: refusal.contentType)
            #expect(response.status == refusal.status)
            #expect(response.headers[.contentType] == "application/json")
            let rejected = try Self.decode(Rejected.self, response)
            #expect(rejected.error == refusal.error)
            #expect(publisher.published.isEmpty)
        }
    }

    @Test func theAnswerNamesThePlace() async throws {
        try await Self.withRoutes { client, _ in
            let ndjson = try await Self.post(
                client, "/logs", "{}\n{}\n{\"level\":[1]}", contentType: "application/x-ndjson")
            #expect(
                try Self.decode(Rejected.self, ndjson)
                    == Rejected(
                        error: "line 3: field 'level' expected a string, found an array", index: 2, line: 3,
                        field: "level"))
            let json = try await Self.post(client, "/log", "{\n,}")
            #expect(
                try Self.decode(Rejected.self, json)
                    == Rejected(
                        error: "invalid JSON at line 2, column 1: expected a string as object key, found ','", line: 2,
                        column: 1))
        }
    }

    @Test func aStreamedBodyWithoutLengthIsCutOffAtTheLimit() async throws {
        var config = LogIngestConfig()
        config.maxBodyBytes = 1000
        let controller = LogController(publisher: MemoryPublisher(), config: config, logger: Logger(label: "test"))
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
            let rejected = try Self.decode(Rejected.self, response)
            #expect(rejected.error == "Content-Type must be application/json, found none")
            #expect(publisher.published.isEmpty)
        }
    }

    @Test(arguments: [
        (LogPublishError.Kind.unavailable, "the message broker is unavailable"),
        (.timedOut, "the message broker did not confirm them in time"),
        (.refused, "the message broker refused them"),
    ])
    func aPublishFailureIs503WithoutIds(kind: LogPublishError.Kind, why: String) async throws {
        let publisher = MemoryPublisher(failing: LogPublishError(kind, "RabbitMQ 127.0.0.1:1: details for the log"))
        try await Self.withRoutes(publisher: publisher) { client, _ in
            for (path, body) in [("/log", "{}"), ("/logs", "[{},{}]")] {
                let response = try await Self.post(client, path, body)
                #expect(response.status == .serviceUnavailable)
                let rejected = try Self.decode(Rejected.self, response)
                #expect(rejected == Rejected(error: "the log records were not queued: \(why); retry later"))
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
}
