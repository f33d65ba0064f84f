import AsyncHTTPClient
import Foundation
import NIOCore
import RabbitMQ
import ServiceKit
import TestInfra
import Testing

/// Publishes the broker refuses or cannot route fail with an error naming the message.
@Suite("RabbitMQ publish failures", .timeLimit(.minutes(3)))
struct PublishFailureTests {
    @Test func aFullQueueThatRejectsPublishesFailsThePublishNamingTheMessage() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let topology = names.topology { QueueSpec.workQueue($0, maxLength: 1, overflow: .rejectPublish) }
        try await withRunningConnection(testConfiguration(amqp), topology: topology) { connection in
            try await connection.publish(names.message("fits"))
            let error = await #expect(throws: RabbitMQError.self) {
                try await connection.publish(names.message("overflows"))
            }
            #expect(error?.kind == .publishNacked)
            #expect(error?.messageID == "overflows")
            #expect(error?.description.contains("overflows") == true)
            #expect(error?.description.contains(names.exchange) == true)
            // The connection is still good: the queue holds the first message only.
            #expect(try await connection.queueState(names.queue).messageCount == 1)
        }
    }

    @Test func anUnroutableMandatoryPublishFailsNamingTheMessage() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            var message = names.message("lost-route")
            message.routingKey = "no.queue.is.bound.to.this"
            let error = await #expect(throws: RabbitMQError.self) { try await connection.publish(message) }
            #expect(error?.kind == .returnedUnroutable)
            #expect(error?.messageID == "lost-route")
            #expect(error?.replyCode == 312)
            #expect(error?.detail?.contains("NO_ROUTE") == true)
            // The connection goes on: a routable message is confirmed as usual.
            try await connection.publish(names.message("ok-1"))
        }
    }

    @Test func aBatchReportsExactlyTheMessagesThatFailed() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            var unroutable = names.message("b-1")
            unroutable.routingKey = "nowhere"
            let batch = [names.message("b-0"), unroutable, names.message("b-2")]
            let error = await #expect(throws: RabbitMQBatchPublishError.self) { try await connection.publish(batch) }
            #expect(error?.confirmedCount == 2)
            #expect(error?.failures.keys.sorted() == ["b-1"])
            #expect(error?.failures["b-1"]?.kind == .returnedUnroutable)
        }
    }

    @Test func aPublishToAMissingExchangeFailsAndTheChannelRecovers() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            var message = names.message("no-exchange")
            message.exchange = TestNames.unique("missing", separator: ".")
            let error = await #expect(throws: RabbitMQError.self) { try await connection.publish(message) }
            #expect(error?.kind == .channelClosed)
            #expect(error?.replyCode == 404)
            #expect(error?.messageID == "no-exchange")
            try await connection.publish(names.message("after"))
            #expect(try await connection.queueState(names.queue).messageCount == 1)
        }
    }

    @Test func aTopologyThatContradictsTheBrokerStopsTheConnectionWithTheReply() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { _ in }
        let contradicting = names.topology { QueueSpec.workQueue($0, maxLength: 5) }
        let connection = RabbitMQConnection(configuration: testConfiguration(amqp), topology: contradicting)
        let error = await #expect(throws: RabbitMQError.self) { try await connection.run() }
        #expect(error?.kind == .topologyMismatch)
        #expect(error?.replyCode == 406)
        #expect(error?.description.contains(names.queue) == true)
    }

    @Test func publishesInFlightWhenTheBrokerDropsTheConnectionFailAndLaterOnesSucceed() async throws {
        let servers = try await TestServers.shared()
        let api = try #require(servers.rabbitMQManagementURL)
        let names = TestQueue()
        let configuration = testConfiguration(try servers.amqp, maximumInFlightPublishes: 5_000)
        try await withRunningConnection(configuration, topology: names.topology) { connection in
            // The management API lists a new connection only after its next statistics round (seconds).
            _ = try await serverNames(ofConnection: configuration.connectionName, api: api)
            // Batches follow one another until one fails, so the close lands while one is in flight
            // however long the management API takes to close the connection (bounded: 400 batches).
            let batchSize = 1_000
            let publishing = Task { () -> RabbitMQBatchPublishError? in
                for round in 0..<400 {
                    let batch = (0..<batchSize).map { names.message("inflight-\(round)-\($0)") }
                    do {
                        try await connection.publish(batch)
                    } catch let failure as RabbitMQBatchPublishError {
                        return failure
                    }
                }
                return nil
            }
            // Closed again every 2 s until the publishing fails: the listing lags, and a close of a
            // connection it still shows after its end changes nothing (bounded: 15 rounds).
            let closing = Task {
                for _ in 0..<15 {
                    for server in try await serverNames(ofConnection: configuration.connectionName, api: api) {
                        try? await closeConnection(server: server, api: api)
                    }
                    try await Task.sleep(for: .seconds(2))
                }
            }
            defer { closing.cancel() }
            let failure = try #require(
                try await publishing.value, "400 batches were confirmed although the connection was closed")
            closing.cancel()
            #expect(failure.confirmedCount + failure.failures.count == batchSize)
            let lost = try #require(failure.failures.values.first { $0.kind == .connectionLost })
            #expect(lost.messageID?.hasPrefix("inflight-") == true)
            // The broker's reason (or, if the socket closed first, the socket error) is in the message.
            #expect(lost.description.contains("CONNECTION_FORCED") || lost.description.contains("socket"))
            try await connection.waitUntilConnected(timeout: .seconds(15))
            try await connection.publish(names.message("after-reconnect"))
        }
    }

    /// The broker's names of the connections called `name`, once one shows up in the management API.
    private func serverNames(ofConnection name: String, api: URL) async throws -> [String] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(20))
        while clock.now < deadline {
            let listing = try await management(api, "GET", "/api/connections?columns=name,client_properties")
            let connections = try JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [[String: Any]] ?? []
            let ours = connections.filter {
                ($0["client_properties"] as? [String: Any])?["connection_name"] as? String == name
            }.compactMap { $0["name"] as? String }
            if !ours.isEmpty { return ours }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CollectorError(description: "connection \(name) never appeared in the management API")
    }

    /// Closes the connection the broker calls `server` from the broker's side, as an operator or a
    /// broker restart would.
    private func closeConnection(server: String, api: URL) async throws {
        let encoded = server.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? server
        try await management(api, "DELETE", "/api/connections/\(encoded)")
    }

    @discardableResult
    private func management(_ api: URL, _ method: String, _ path: String) async throws -> String {
        var request = HTTPClientRequest(url: api.absoluteString + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: "Basic " + Data("guest:guest".utf8).base64EncodedString())
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 22))
        guard (200..<300).contains(Int(response.status.code)) else {
            throw CollectorError(description: "\(method) \(path) answered \(response.status.code): \(text)")
        }
        return text
    }
}

extension Result {
    fileprivate var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
