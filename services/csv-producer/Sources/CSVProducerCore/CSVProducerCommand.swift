import ArgumentParser

/// The `csv-producer` command line: one subcommand per job.
public struct CSVProducerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "csv-producer",
        abstract: "Moves CSV files into Tributary.",
        discussion: """
            Servers are configured by environment variables: AMQP_URL (default \
            amqp://guest:guest@127.0.0.1:5672/%2f) and S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, \
            S3_SECRET_ACCESS_KEY, S3_BUCKET (default tributary).
            """,
        subcommands: [PublishCommand.self, CheckCommand.self]
    )

    public init() {}
}
