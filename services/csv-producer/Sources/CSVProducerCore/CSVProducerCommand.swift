import ArgumentParser

/// The `csv-producer` command line: one subcommand per job.
public struct CSVProducerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "csv-producer",
        abstract: "Moves CSV files into Tributary.",
        discussion: """
            The broker is configured by the environment variable AMQP_URL (default \
            amqp://guest:guest@127.0.0.1:5672/%2f).
            """,
        subcommands: [PublishCommand.self, ETLCommand.self, UploadCommand.self, CheckCommand.self]
    )

    public init() {}
}
