import ArgumentParser
import ServiceKit

/// `csv-producer check`: asks RabbitMQ, the one server `publish` uses (required: it takes the
/// work), whether it answers, prints one line, and exits 0 only when it does, so scripts can wait
/// for the broker before publishing.
public struct CheckCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check that RabbitMQ answers.")

    @Option(name: .customLong("timeout-ms"), help: "How long each server may take to answer.")
    var timeoutMilliseconds: Int = 2000

    public init() {}

    public func run() async throws {
        let config: CSVProducerConfig
        do {
            config = try CSVProducerConfig(environment: EnvironmentReader())
        } catch {
            throw ValidationError(error.description)
        }
        let report = await ReadinessChecker(
            checks: [AMQPHandshakeCheck(endpoint: config.amqp.endpoint)],
            timeout: .milliseconds(timeoutMilliseconds)
        ).evaluate()
        print(Self.render(report))
        if !report.isReady { throw ExitCode(1) }
    }

    /// One aligned line per dependency, sorted by name: `rabbitmq  up    3 ms`.
    static func render(_ report: ReadinessReport) -> String {
        let width = report.checks.keys.map(\.count).max() ?? 0
        return report.checks.keys.sorted().map { name in
            let check = report.checks[name]!
            let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
            let status = check.status.padding(toLength: 4, withPad: " ", startingAt: 0)
            return "\(padded)  \(status)  \(check.latencyMs) ms" + (check.error.map { "  \($0)" } ?? "")
        }.joined(separator: "\n")
    }
}
