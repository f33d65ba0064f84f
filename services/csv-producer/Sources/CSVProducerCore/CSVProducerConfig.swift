import ServiceKit

/// The servers csv-producer talks to, from its environment:
/// - `AMQP_URL` (default amqp://guest:guest@127.0.0.1:5672/%2f)
/// - `S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, `S3_BUCKET` (default tributary)
public struct CSVProducerConfig: Sendable {
    public var amqp: AMQPConfig
    public var s3: S3Config

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.amqp = try AMQPConfig(environment: environment)
        self.s3 = try S3Config(environment: environment, defaultBucket: "tributary")
    }
}
