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

        func publish(_ envelopes: [Envelope<LogBatch>]) async throws(LogPublishError) {
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
        let error: String
        let index: Int?
        let line: Int?
        let column: Int?
        let field: String?
    }

    static let json: HTTPFields = [.contentType: "application/json"]
    static let ndjson: HTTPFields = [.contentType: "application/x-ndjson"]

    static func withRoutes(
        _ config: LogIngestConfig = LogIngestConfig(), publisher: MemoryPublisher = MemoryPublisher(),
        _ test: @Sendable (any TestClientProtocol, MemoryPublisher) async throws -> Void
    ) async throws {
        let router = Router()
        LogController(publisher: publisher, config: config, logger: Logger(label: "log-api-test")).addRoutes(to: router)
        try await Application(router: router).test(.router) { client in try await test(client, publisher) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
    }

    @Test func oneLogIsQueuedAsOneMessageAndItsIdReturned() async throws {
        try await Self.withRoutes { client, publisher in
            let body = #"{"level":"info","message":"started","service":"api","port":8083}"#
            try await client.execute(uri: "/log", method: .post, headers: Self.json, body: ByteBuffer(string: body)) {
                response in
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
    }

    @Test func manyLogsAreQueuedInMessagesOfTheConfiguredSizeWithIdsInOrder() async throws {
        var config = LogIngestConfig()
        config.messageMaxRecords = 3
        try await Self.withRoutes(config) { client, publisher in
            let body = "[" + (0..<7).map { #"{"message":"m\#($0)"}"# }.joined(separator: ",") + "]"
            try await client.execute(uri: "/logs", method: .post, headers: Self.json, body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .accepted)
                let ids = try #require(try Self.decode(Accepted.self, response).ids)
                #expect(publisher.published.map(\.payload.records.count) == [3, 3, 1])
                #expect(publisher.records.map { $0.id.uuidString.lowercased() } == ids)
                #expect(publisher.records.map(\.message) == (0..<7).map { "m\($0)" })
                #expect(Set(publisher.published.map(\.messageID)).count == 3)
            }
        }
    }

    @Test func ndjsonIsQueuedInLineOrder() async throws {
        try await Self.withRoutes { client, publisher in
            let body = "{\"message\":\"a\"}\n\n{\"message\":\"b\"}\r\n"
            try await client.execute(uri: "/logs", method: .post, headers: Self.ndjson, body: ByteBuffer(string: body)) {
                response in
                #expect(response.status == .accepted)
                let ids = try #require(try Self.decode(Accepted.self, response).ids)
                #expect(ids.count == 2)
                #expect(publisher.records.map(\.message) == ["a", "b"])
            }
        }
    }

    /// Every 4xx case: the status, the answer, and nothing handed to the publisher.
    @Test(arguments: [
        ("/log", "text/plain", #"{"a":1}"#, HTTPResponse.Status.unsupportedMediaType,
         "Content-Type must be application/json, found 'text/plain'"),
        ("/log", "application/x-ndjson", #"{"a":1}"#, .unsupportedMediaType,
         "Content-Type must be application/json, found 'application/x-ndjson'"),
        ("/logs", "text/csv", "a,b", .unsupportedMediaType,
         "Content-Type must be application/json (an array of log objects) or application/x-ndjson, found 'text/csv'"),
        ("/log", "application/json", #"{"level": 3}"#, .badRequest,
         "field 'level' expected a string, found a number"),
        ("/log", "application/json", #"{"a":1"#, .badRequest,
         "invalid JSON at line 1, column 7: expected ',' or '}' after an object member, found the end of the document"),
        ("/log", "application/json", "\"text\"", .badRequest,
         "the body must be one JSON object (a log record), found a string"),
        ("/logs", "application/json", #"[{"message":"ok"},{"timestamp":"yesterday"}]"#, .badRequest,
         "record at index 1: field 'timestamp' expected an ISO 8601 date-time, found \"yesterday\""),
        ("/logs", "application/x-ndjson", "{\"message\":\"ok\"}\n{\"service\":false}", .badRequest,
         "line 2: field 'service' expected a string, found a boolean"),
        ("/logs", "application/x-ndjson", "{}\n{nope}", .badRequest,
         "invalid JSON at line 2, column 2: expected a string as object key, found 'nope'"),
        ("/logs", "application/json", "[]", .badRequest, "the body holds no log records"),
        ("/logs", "application/json", "[{},{},{},{},{}]", .contentTooLarge,
         "the body holds more than 4 log records (LOG_MAX_RECORDS)"),
        ("/logs", "application/json", "[" + String(repeating: "{},", count: 40) + "{}]", .contentTooLarge,
         "the body is larger than 100 bytes (LOG_MAX_BODY_BYTES)"),
    ])
    func refusedRequestsPublishNothing(
        path: String, contentType: String, body: String, status: HTTPResponse.Status, message: String
    ) async throws {
        var config = LogIngestConfig()
        config.maxRecords = 4
        config.maxBodyBytes = 100
        try await Self.withRoutes(config) { client, publisher in
            try await client.execute(
                uri: path, method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == status)
                #expect(response.headers[.contentType] == "application/json")
                let rejected = try Self.decode(Rejected.self, response)
                #expect(rejected.error == message)
                #expect(publisher.published.isEmpty)
            }
        }
    }

    @Test func theAnswerNamesThePlace() async throws {
        try await Self.withRoutes { client, _ in
            let body = "{}\n{}\n{\"level\":[1]}"
            try await client.execute(uri: "/logs", method: .post, headers: Self.ndjson, body: ByteBuffer(string: body)) {
                response in
                let rejected = try Self.decode(Rejected.self, response)
                #expect(
                    rejected
                        == Rejected(
                            error: "line 3: field 'level' expected a string, found an array", index: 2, line: 3,
                            column: nil, field: "level"))
            }
            try await client.execute(uri: "/log", method: .post, headers: Self.json, body: ByteBuffer(string: "{\n,}")) {
                response in
                let rejected = try Self.decode(Rejected.self, response)
                #expect(rejected.line == 2)
                #expect(rejected.column == 1)
            }
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
        let error = await #expect(throws: LogRejection.self) {
            try await controller.readBody(of: request(chunks: 4), accepting: [.json])
        }
        #expect(error?.reason == .bodyTooLarge)
        #expect(error?.status == .contentTooLarge)
        let (body, type) = try await controller.readBody(of: request(chunks: 3), accepting: [.json])
        #expect(body.count == 900)
        #expect(type == .json)
    }

    @Test func aMissingContentTypeIs415() async throws {
        try await Self.withRoutes { client, publisher in
            try await client.execute(uri: "/log", method: .post, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unsupportedMediaType)
                let rejected = try Self.decode(Rejected.self, response)
                #expect(rejected.error == "Content-Type must be application/json, found none")
                #expect(publisher.published.isEmpty)
            }
        }
    }

    @Test(arguments: [
        (LogPublishError.Kind.unavailable, "the log records were not queued: the message broker is unavailable; retry later"),
        (.timedOut, "the log records were not queued: the message broker did not confirm them in time; retry later"),
        (.refused, "the log records were not queued: the message broker refused them; retry later"),
    ])
    func aPublishFailureIs503WithoutIds(kind: LogPublishError.Kind, message: String) async throws {
        let publisher = MemoryPublisher(failing: LogPublishError(kind, "RabbitMQ 127.0.0.1:1: details for the log"))
        try await Self.withRoutes(publisher: publisher) { client, _ in
            for (path, body) in [("/log", "{}"), ("/logs", "[{},{}]")] {
                try await client.execute(uri: path, method: .post, headers: Self.json, body: ByteBuffer(string: body)) {
                    response in
                    #expect(response.status == .serviceUnavailable)
                    let rejected = try Self.decode(Rejected.self, response)
                    #expect(rejected == Rejected(error: message, index: nil, line: nil, column: nil, field: nil))
                }
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
            try await client.execute(uri: "/logs", method: .post, headers: Self.json, body: ByteBuffer(string: "[{},{},{}]")) {
                #expect($0.status == .accepted)
            }
            try await client.execute(uri: "/log", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "{}")) {
                #expect($0.status == .unsupportedMediaType)
            }
            // Other tests run at the same time and count too: at least ours are there.
            #expect(value(accepted) >= acceptedBefore + 3)
            #expect(value(unsupported) >= unsupportedBefore + 1)
        }
    }
}
