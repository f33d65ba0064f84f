import ArgumentParser
import Contracts
import Foundation
import Logging
import RabbitMQ
import ServiceKit

/// `csv-producer publish FILE`: streams a users CSV to RabbitMQ as `Envelope<UserBatch>` messages
/// of `--rows-per-message` consecutive valid rows (`Envelope<UserRecord>` with 1).
///
/// Guarantees: every valid row is published persistent, in batches, and counted only once the
/// broker confirmed its message; exit status 0 means every valid row was confirmed. Invalid rows are
/// reported by line on stderr (and in `--rejects`) and do not change the exit status. Message ids
/// depend only on the row, so publishing a file again sends the same ids. Exit 1 when the broker
/// cannot be reached or a publish fails, 2 for a usage error (a file that cannot be read).
public struct PublishCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Publish a users CSV to RabbitMQ.",
        discussion: """
            Columns: \(UserRow.columns.joined(separator: ",")) (header required). Times are Unix \
            seconds, -1 for none. Invalid rows are reported by line and skipped.
            """)

    @Argument(help: "The users CSV file.")
    var file: String

    @Option(name: .customLong("amqp-url"), help: "The broker (default: $AMQP_URL).")
    var amqpURL: String?

    @Option(name: .customLong("batch-size"), help: "Rows per confirmed batch (up to 4 batches await confirms).")
    var batchSize: Int = 10_000

    @Option(
        name: .customLong("rows-per-message"),
        help: "Rows per message: 1 sends one user.record message per row, more send user.batch messages.")
    var rowsPerMessage: Int = 500

    @Option(help: "Write the rejected rows to this CSV file (line, reason, fields).")
    var rejects: String?

    @Flag(name: .customLong("dry-run"), help: "Parse and validate only; publish nothing, need no broker.")
    var dryRun = false

    @Option(name: .customLong("connect-timeout-ms"), help: "How long to wait for the broker.")
    var connectTimeoutMilliseconds: Int = 10_000

    @Option(help: "The exchange to publish to.")
    var exchange = "users"

    @Option(help: "The work queue bound to the exchange (also the routing key).")
    var queue = "users.ingest"

    public init() {}

    public func run() async throws {
        guard batchSize > 0 else { throw Self.usageError("--batch-size must be at least 1") }
        guard (1...10_000).contains(rowsPerMessage) else {
            throw Self.usageError("--rows-per-message must be between 1 and 10000")
        }
        guard connectTimeoutMilliseconds > 0 else { throw Self.usageError("--connect-timeout-ms must be at least 1") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw Self.usageError("no such file: \(file)")
        }
        guard !isDirectory.boolValue, FileManager.default.isReadableFile(atPath: file) else {
            throw Self.usageError("cannot read \(file)")
        }
        let reader = UserFileReader(path: file, rejectsPath: rejects)
        var progress = PublishProgress(dryRun: dryRun)
        if dryRun {
            try await Self.failing(&progress) { progress in
                while let batch = try await reader.next() {
                    Self.count(batch, published: 0, in: &progress)
                }
            }
            progress.finish()
            return
        }
        let amqp = try amqpConfig()
        try await publish(from: reader, to: amqp, progress: &progress)
        progress.finish()
    }

    private func publish(
        from reader: UserFileReader, to amqp: AMQPConfig, progress: inout PublishProgress
    ) async throws {
        let connectTimeout = Duration.milliseconds(connectTimeoutMilliseconds)
        let configuration = RabbitMQConfiguration(
            amqp: amqp, connectionName: "csv-producer", connectTimeout: min(connectTimeout, .seconds(5)),
            publishWaitForConnection: connectTimeout)
        let topology = Topology.workQueue(exchange: exchange, queue: .workQueue(queue))
        var logger = Logger(label: "csv-producer.rabbitmq")
        logger.logLevel = .critical  // its connection errors are reported below, once, in plain words
        let rabbit = RabbitMQConnection(configuration: configuration, topology: topology, logger: logger)
        // The child task runs the connection and returns why it stopped, if it failed.
        try await withThrowingTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                do {
                    try await rabbit.run()
                    return nil
                } catch {
                    return error
                }
            }
            defer { group.cancelAll() }
            do {
                try await rabbit.waitUntilConnected(timeout: connectTimeout)
            } catch {
                group.cancelAll()
                let runFailure: (any Error)? = (try? await group.next()) ?? nil
                let cause: any Error = runFailure ?? error
                PublishProgress.writeStandardError(
                    "cannot reach RabbitMQ at \(amqp.endpoint.host):\(amqp.endpoint.port): \(cause)\n")
                throw ExitCode(1)
            }
            try await Self.failing(&progress) { progress in
                try await publishBatches(from: reader, to: rabbit, progress: &progress)
            }
        }
    }

    /// Publishes the file's valid rows, `rowsPerMessage` to a message, in confirmed batches of about
    /// `batchSize` rows, with up to `maximumBatchesInFlight` batches awaiting their confirms while
    /// the next ones are read, so reading and confirming overlap and memory stays bounded.
    private func publishBatches(
        from reader: UserFileReader, to rabbit: RabbitMQConnection, progress: inout PublishProgress
    ) async throws {
        let maximumBatchesInFlight = 4
        let builder = UserMessageBuilder(exchange: exchange, queue: queue)
        try await withThrowingTaskGroup(of: Int.self) { publishes in
            var inFlight = 0
            var rows: [(user: UserRecord, id: UserMessageID)] = []
            rows.reserveCapacity(rowsPerMessage)
            var pending: [RabbitMQOutgoingMessage] = []
            var pendingRows = 0
            func send() async throws {
                if inFlight == maximumBatchesInFlight, let confirmed = try await publishes.next() {
                    inFlight -= 1
                    Self.count(nil, published: confirmed, in: &progress)
                }
                let messages = pending
                let count = pendingRows
                publishes.addTask {
                    try await rabbit.publish(messages)
                    return count
                }
                inFlight += 1
                pending.removeAll(keepingCapacity: true)
                pendingRows = 0
            }
            func seal() throws {
                pending.append(try builder.message(for: rows[...]))
                pendingRows += rows.count
                rows.removeAll(keepingCapacity: true)
            }
            while let batch = try await reader.next() {
                Self.count(batch, published: 0, in: &progress)
                for row in batch.users {
                    rows.append(row)
                    if rows.count == rowsPerMessage { try seal() }
                    if pendingRows >= batchSize { try await send() }
                }
            }
            if !rows.isEmpty { try seal() }
            if !pending.isEmpty { try await send() }
            while let confirmed = try await publishes.next() {
                Self.count(nil, published: confirmed, in: &progress)
            }
        }
    }

    /// Runs `body`; on an error prints the counts so far and the error, then exits 1.
    private static func failing(
        _ progress: inout PublishProgress, _ body: (inout PublishProgress) async throws -> Void
    ) async throws {
        do {
            try await body(&progress)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            progress.finish()
            PublishProgress.writeStandardError("csv-producer publish: \(error)\n")
            throw ExitCode(1)
        }
    }

    private static func count(_ batch: UserFileReader.Batch?, published: Int, in progress: inout PublishProgress) {
        if let batch {
            progress.report(batch.rejections)
            progress.rowsRead += batch.rowsRead
            progress.rejected += batch.rejections.count
        }
        progress.published += published
        progress.update()
    }

    private func amqpConfig() throws -> AMQPConfig {
        do {
            if let amqpURL { return try AMQPConfig(environment: EnvironmentReader(["AMQP_URL": amqpURL])) }
            return try CSVProducerConfig(environment: EnvironmentReader()).amqp
        } catch {
            if amqpURL != nil { throw Self.usageError("--amqp-url: \(error.description)") }
            PublishProgress.writeStandardError("csv-producer publish: \(error.description)\n")
            throw ExitCode(78)
        }
    }

    /// Prints `message` as a usage error and returns the exit status 2 to throw.
    private static func usageError(_ message: String) -> ExitCode {
        PublishProgress.writeStandardError("csv-producer publish: \(message)\n")
        return ExitCode(2)
    }
}
