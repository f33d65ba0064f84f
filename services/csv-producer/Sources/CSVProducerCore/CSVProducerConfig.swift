import ServiceKit

/// The servers csv-producer talks to, from its environment:
/// - `AMQP_URL` (default amqp://guest:guest@127.0.0.1:5672/%2f), the only one: it reads files and
///   publishes to RabbitMQ, nothing else.
public struct CSVProducerConfig: Sendable {
    public var amqp: AMQPConfig

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.amqp = try AMQPConfig(environment: environment)
    }
}
