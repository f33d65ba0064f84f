import AsyncHTTPClient
import Foundation
import NIOCore
import ObjectStore
import ServiceKit
import TestInfra
import Testing

/// The test harness really talks to each server it starts, and every readiness check speaks its
/// server's protocol: these fail if a server is missing, not ready, or a check accepts a wrong answer.
@Suite("Real servers of the test harness", .timeLimit(.minutes(5)))
struct ServerRoundTripTests {
    @Test func everyReadinessCheckPassesAgainstItsServer() async throws {
        let servers = try await TestServers.shared()
        let checks: [any DependencyCheck] = [
            RedisPingCheck(endpoint: try servers.redis.endpoint, role: .required),
            AMQPHandshakeCheck(endpoint: try servers.amqp.endpoint),
            KafkaApiVersionsCheck(brokers: try servers.kafka.brokers),
            HTTPEndpointCheck.elasticsearch(try servers.elasticsearch, role: .required),
            // The local S3 checks signatures and answers unsigned requests with an error: its check
            // is ObjectStore's signed HEAD of the bucket servers.sh created.
            ObjectStoreBucketCheck(
                client: ObjectStoreClient(configuration: ObjectStoreConfiguration(try servers.s3(bucket: "tributary"))),
                bucket: try servers.s3(bucket: "tributary").bucket, role: .required),
        ]
        let report = await ReadinessChecker(checks: checks, timeout: .seconds(5)).evaluate()
        #expect(report.isFullyReady, "\(report)")
        #expect(report.checks.count == 5)
    }

    @Test func checksFailAgainstTheWrongServer() async throws {
        let servers = try await TestServers.shared()
        let redis = try servers.redis.endpoint
        let amqp = try servers.amqp.endpoint
        // Each check pointed at another protocol's server must fail, not mistake it for its own.
        let crossed: [any DependencyCheck] = [
            RedisPingCheck(endpoint: amqp, role: .required),
            AMQPHandshakeCheck(endpoint: redis),
            KafkaApiVersionsCheck(brokers: [redis]),
        ]
        let report = await ReadinessChecker(checks: crossed, timeout: .seconds(3)).evaluate()
        #expect(report.checks.values.allSatisfy { $0.status == "down" }, "\(report)")
    }

    @Test func aClosedPortIsReportedDown() async throws {
        let port = try FreePort.next()
        let report = await ReadinessChecker(checks: [
            RedisPingCheck(endpoint: HostPort(host: "127.0.0.1", port: port), role: .required)
        ]).evaluate()
        #expect(!report.isReady)
        #expect(report.checks["redis"]?.error?.isEmpty == false)
    }

    @Test func rabbitMQDeclaresAndRoutesToAQueueOfItsOwn() async throws {
        let servers = try await TestServers.shared()
        let api = try #require(servers.rabbitMQManagementURL)
        let queue = TestNames.unique("itest", separator: ".")
        try await managementCall(api, "PUT", "/api/queues/%2F/\(queue)", body: #"{"durable":false,"auto_delete":true}"#)
        let published = try await managementCall(
            api, "POST", "/api/exchanges/%2F/amq.default/publish",
            body: #"{"properties":{},"routing_key":"\#(queue)","payload":"hello","payload_encoding":"string"}"#)
        #expect(published.contains(#""routed":true"#))
        let got = try await managementCall(
            api, "POST", "/api/queues/%2F/\(queue)/get",
            body: #"{"count":1,"ackmode":"ack_requeue_false","encoding":"auto"}"#)
        #expect(got.contains(#""payload":"hello""#))
        try await managementCall(api, "DELETE", "/api/queues/%2F/\(queue)")
    }

    @Test func elasticsearchIndexesAndFindsADocumentInAnIndexOfItsOwn() async throws {
        let servers = try await TestServers.shared()
        let base = try servers.elasticsearch.url.absoluteString
        let index = TestNames.unique("itest", separator: "-")
        try await http(base + "/\(index)/_doc/1?refresh=true", "PUT", body: #"{"name":"Ada Lovelace"}"#, expect: 201)
        let found = try await http(
            base + "/\(index)/_search", "POST", body: #"{"query":{"match":{"name":"lovelace"}}}"#, expect: 200)
        #expect(found.contains("Ada Lovelace"))
        try await http(base + "/\(index)", "DELETE", expect: 200)
    }

    @Test func s3ChecksSignaturesAndStoresAnObjectInABucketOfItsOwn() async throws {
        let servers = try await TestServers.shared()
        let s3 = try servers.s3(bucket: "unused")
        let store = ObjectStoreClient(configuration: ObjectStoreConfiguration(s3))
        let bucket = TestNames.unique("itest", separator: "-")
        try await store.createBucket(bucket)
        try await store.putObject(ByteBuffer(string: "hello, s3"), bucket: bucket, key: "greeting.txt")
        // The listing shows the object arrived whole: its key, its size and its MD5 as the ETag.
        let listing = try await store.listObjects(bucket: bucket)
        #expect(listing.objects.map(\.key) == ["greeting.txt"])
        #expect(listing.objects.first?.size == 9)
        #expect(listing.objects.first?.etag == "78e54b877296d63a3ff6f8dd3da312ae")  // MD5 of "hello, s3"
        // An unsigned request is refused (moto answers 500 where AWS answers 403).
        var unsigned = HTTPClientRequest(url: s3.endpoint.absoluteString + "/\(bucket)/greeting.txt")
        unsigned.method = .PUT
        unsigned.body = .bytes(ByteBuffer(string: "overwritten"))
        let response = try await HTTPClient.shared.execute(unsigned, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        #expect(response.status.code >= 400)
        let stored = try await store.getObject(bucket: bucket, key: "greeting.txt").body.collect(upTo: 1024)
        #expect(String(buffer: stored) == "hello, s3")
    }

    @Test func kafkaAnswersApiVersionsOnEveryBroker() async throws {
        let servers = try await TestServers.shared()
        for broker in try servers.kafka.brokers {
            try await KafkaApiVersionsCheck(brokers: [broker]).check()
        }
    }

    // MARK: helpers

    @discardableResult
    private func managementCall(
        _ api: URL, _ method: String, _ path: String, body: String? = nil
    ) async throws -> String {
        var request = HTTPClientRequest(url: api.absoluteString + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: "Basic " + Data("guest:guest".utf8).base64EncodedString())
        request.headers.add(name: "Content-Type", value: "application/json")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard (200..<300).contains(Int(response.status.code)) else {
            throw DependencyCheckError("\(method) \(path) answered \(response.status.code): \(text)")
        }
        return text
    }

    @discardableResult
    private func http(_ url: String, _ method: String, body: String? = nil, expect status: Int) async throws -> String {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard Int(response.status.code) == status else {
            throw DependencyCheckError("\(method) \(url) answered \(response.status.code), expected \(status): \(text)")
        }
        return text
    }
}
