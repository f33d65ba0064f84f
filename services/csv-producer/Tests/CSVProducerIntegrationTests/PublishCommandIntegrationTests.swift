import Contracts
import Foundation
import Logging
import RabbitMQ
import ServiceKit
import TestInfra
import Testing

@Suite("csv-producer publish against real RabbitMQ", .timeLimit(.minutes(5)))
struct PublishCommandIntegrationTests {
    static let header = "id,first_name,last_name,email_address,created_at,deleted_at,merged_at,parent_user_id"
    /// Three good rows (one with a quoted comma, one with quoted quotes) and four bad ones, one of
    /// them a name with an embedded CRLF (a control character: the user rules refuse it) that spans
    /// two lines of the file.
    static let mixedCSV =
        "\u{FEFF}" + header + "\r\n"
        + "1,Ann,\"Lee, Jr\",ann@example.com,1700000000,-1,-1,-1\r\n"
        + "2,Bo,Smith,x@,1700000000,-1,-1,-1\r\n"
        + "3,\"Zoë Marie\",O'Neil,zoe@example.com,1700000001,1700000100,-1,-1\r\n"
        + "abc,C,D,c@example.com,1,-1,-1,-1\r\n"
        + "4,Dee,\"\"\"Q\"\"\",dee@example.com,1700000002,-1,1700000200,1\r\n"
        + "6,\"Multi\r\nLine\",X,m@example.com,1,-1,-1,-1\r\n"
        + "5,too,few"

    @Test func publishesExactlyTheGoodRowsAndReportsTheBadOnes() async throws {
        let servers = try await TestServers.shared()
        let names = QueueNames()
        try await withTemporaryDirectory { directory in
            let input = try write(Self.mixedCSV, to: directory, name: "users.csv")
            let rejects = directory.appendingPathComponent("rejects.csv").path
            let result = try await runProducer(
                ["publish", input, "--rejects", rejects, "--batch-size", "2", "--rows-per-message", "2"]
                    + names.arguments,
                environment: servers.environment)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains(#"line 3: bad email_address "x@""#), "\(result.output)")
            #expect(result.output.contains(#"line 5: bad id "abc""#), "\(result.output)")
            #expect(result.output.contains(#"line 7: bad first_name "Multi"#), "\(result.output)")
            #expect(result.output.contains("line 9: wrong column count"), "\(result.output)")
            #expect(result.output.contains("rows read: 7, published: 3, rejected: 4"), "\(result.output)")
            let rejected = try String(contentsOfFile: rejects, encoding: .utf8)
            #expect(rejected.hasPrefix("line,reason,"))
            for line in ["3", "5", "7", "9"] { #expect(rejected.contains("\n\(line),"), "\(rejected)") }

            // Two rows to a message: users 1 and 3 in a user.batch, user 4 alone in a user.record.
            // (The two publishes may reach the broker in either order.)
            let messages = try await consumeAll(names, expected: 2, servers: servers)
                .sorted { $0.users[0].id < $1.users[0].id }
            #expect(messages.map { $0.users.map(\.id) } == [[1, 3], [4]])
            #expect(messages.map(\.type) == [UserBatch.messageType, UserRecord.messageType])
            let users = messages.flatMap(\.users)
            let zoe = try #require(users.first { $0.id == 3 })
            #expect(zoe.firstName == "Zoë Marie")
            #expect(zoe.deletedAt == 1_700_000_100 && zoe.mergedAt == nil && zoe.parentUserID == nil)
            let dee = try #require(users.first { $0.id == 4 })
            #expect(dee.lastName == "\"Q\"" && dee.mergedAt == 1_700_000_200 && dee.parentUserID == 1)
        }
    }

    @Test func publishingTheSameFileTwiceSendsTheSameMessageIDs() async throws {
        let servers = try await TestServers.shared()
        let names = QueueNames()
        try await withTemporaryDirectory { directory in
            let input = try write(Self.mixedCSV, to: directory, name: "users.csv")
            for rowsPerMessage in ["1", "1", "500", "500"] {
                let result = try await runProducer(
                    ["publish", input, "--rows-per-message", rowsPerMessage] + names.arguments,
                    environment: servers.environment)
                #expect(result.status == 0, "\(result.output)")
            }
            // Twice three single-row messages, then twice one message of the three rows.
            let messages = try await consumeAll(names, expected: 8, servers: servers)
            let ids = messages.map(\.messageID)
            #expect(Set(ids).count == 4)
            #expect(Set(messages.map(\.envelopeID)).count == 4)
            #expect(ids.prefix(6).allSatisfy { $0.hasPrefix("user-") })
            #expect(ids.suffix(2).allSatisfy { $0.hasPrefix("users-1-3-") })
        }
    }

    @Test func anUnreachableBrokerIsAClearErrorAndANonZeroExit() async throws {
        let closed = try FreePort.next()
        try await withTemporaryDirectory { directory in
            let input = try write(Self.mixedCSV, to: directory, name: "users.csv")
            let clock = ContinuousClock()
            let started = clock.now
            let result = try await runProducer(
                ["publish", input, "--connect-timeout-ms", "1500"],
                environment: ["AMQP_URL": "amqp://guest:guest@127.0.0.1:\(closed)/%2f"])
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("cannot reach RabbitMQ at 127.0.0.1:\(closed):"), "\(result.output)")
            #expect(clock.now - started < .seconds(15))
        }
    }

    @Test func dryRunPublishesNothingAndNeedsNoBroker() async throws {
        let servers = try await TestServers.shared()
        let names = QueueNames()
        try await withTemporaryDirectory { directory in
            let input = try write(Self.mixedCSV, to: directory, name: "users.csv")
            var environment = servers.environment
            environment["AMQP_URL"] = "amqp://guest:guest@127.0.0.1:\(try FreePort.next())/%2f"
            let result = try await runProducer(
                ["publish", input, "--dry-run"] + names.arguments, environment: environment)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("rows read: 7, valid: 3"), "\(result.output)")
            #expect(result.output.contains("line 3: bad email_address"))
            // Nothing was declared or published: the queue does not exist.
            let rabbit = try connection(names, servers: servers, declaring: false)
            try await withRunning(rabbit) {
                try await rabbit.waitUntilConnected(timeout: .seconds(10))
                await #expect(throws: RabbitMQError.self) { _ = try await rabbit.queueState(names.queue) }
            }
        }
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let missing = try await runProducer(["publish", "/nonexistent/users.csv"], environment: [:])
        #expect(missing.status == 2)
        #expect(missing.output.contains("no such file: /nonexistent/users.csv"), "\(missing.output)")
        let noFile = try await runProducer(["publish"], environment: [:])
        #expect(noFile.status == 2)
        #expect(noFile.output.contains("Missing expected argument"), "\(noFile.output)")
        let badRows = try await runProducer(["publish", "x.csv", "--rows-per-message", "0"], environment: [:])
        #expect(badRows.status == 2)
        #expect(badRows.output.contains("--rows-per-message must be between 1 and 10000"), "\(badRows.output)")
        let badSize = try await runProducer(["publish", "x.csv", "--batch-size", "0"], environment: [:])
        #expect(badSize.status == 2)
        #expect(badSize.output.contains("--batch-size must be at least 1"), "\(badSize.output)")
    }

    // MARK: - Helpers

    struct QueueNames {
        let exchange = TestNames.unique("csvpx", separator: ".")
        let queue = TestNames.unique("csvpq", separator: ".")
        var arguments: [String] { ["--exchange", exchange, "--queue", queue] }
    }

    struct Received {
        let messageID: String
        let envelopeID: UUID
        let type: String
        let users: [UserRecord]
    }

    private func runProducer(
        _ arguments: [String], environment: [String: String]
    ) async throws -> (status: Int32, output: String) {
        try await ShellCommand.capture([BuiltProducts.path("csv-producer")] + arguments, environment: environment)
    }

    private func connection(
        _ names: QueueNames, servers: TestServers, declaring: Bool = true
    ) throws
        -> RabbitMQConnection
    {
        let topology =
            declaring ? Topology.workQueue(exchange: names.exchange, queue: .workQueue(names.queue)) : Topology()
        return RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: try servers.amqp, connectionName: "csv-producer-test"),
            topology: topology, logger: Logger(label: "test"))
    }

    private func withRunning(_ rabbit: RabbitMQConnection, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await rabbit.run() }
            defer { group.cancelAll() }
            try await body()
        }
    }

    /// Reads and acks every message of the queue, expecting exactly `expected` of them.
    private func consumeAll(_ names: QueueNames, expected: Int, servers: TestServers) async throws -> [Received] {
        let rabbit = try connection(names, servers: servers)
        var received: [Received] = []
        try await withRunning(rabbit) {
            try await rabbit.waitUntilConnected(timeout: .seconds(10))
            // Publishes were confirmed before the command exited: they are all in the queue now.
            let ready = try await rabbit.queueState(names.queue).messageCount
            #expect(ready == expected)
            guard ready >= expected else { return }
            let consumer = rabbit.consume(queue: names.queue, prefetch: 50)
            for try await delivery in consumer {
                let body = Data(delivery.body)
                let header = try ContractCoding.decode(EnvelopeHeader.self, from: body)
                let users =
                    header.type == UserBatch.messageType
                    ? try ContractCoding.decode(Envelope<UserBatch>.self, from: body).payload.users
                    : [try ContractCoding.decode(Envelope<UserRecord>.self, from: body).payload]
                received.append(
                    Received(
                        messageID: delivery.messageID ?? "", envelopeID: header.messageID, type: header.type,
                        users: users))
                try consumer.ack(delivery)
                if received.count == expected { break }
            }
        }
        return received
    }

    private func write(_ text: String, to directory: URL, name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func withTemporaryDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csvp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }
}
