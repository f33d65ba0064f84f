import Foundation

/// The Redis server: `REDIS_URL` (default redis://127.0.0.1:6379).
public struct RedisConfig: Sendable, Equatable {
    public var endpoint: HostPort

    public init(endpoint: HostPort) { self.endpoint = endpoint }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        let url = try environment.url("REDIS_URL", default: "redis://127.0.0.1:6379", schemes: ["redis"])
        self.endpoint = HostPort(host: url.host ?? "127.0.0.1", port: url.port ?? 6379)
    }
}

/// The RabbitMQ broker: `AMQP_URL` (default amqp://guest:guest@127.0.0.1:5672/%2f).
public struct AMQPConfig: Sendable, Equatable {
    public var endpoint: HostPort
    public var username: String
    public var password: String
    public var virtualHost: String

    public init(endpoint: HostPort, username: String = "guest", password: String = "guest", virtualHost: String = "/") {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.virtualHost = virtualHost
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        let url = try environment.url("AMQP_URL", default: "amqp://guest:guest@127.0.0.1:5672/%2f", schemes: ["amqp"])
        // The path of an AMQP URL is the percent-encoded virtual host; an empty path means "/".
        let encodedPath = url.absoluteString.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        let vhost = encodedPath.count > 3 ? String(encodedPath[3]).removingPercentEncoding ?? "/" : "/"
        self.init(
            endpoint: HostPort(host: url.host ?? "127.0.0.1", port: url.port ?? 5672),
            username: url.user ?? "guest", password: url.password ?? "guest",
            virtualHost: vhost.isEmpty ? "/" : vhost)
    }
}

/// The Kafka bootstrap brokers: `KAFKA_BROKERS` (default 127.0.0.1:9092, comma-separated).
public struct KafkaConfig: Sendable, Equatable {
    public var brokers: [HostPort]

    public init(brokers: [HostPort]) { self.brokers = brokers }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.brokers = try environment.hostPorts("KAFKA_BROKERS", default: "127.0.0.1:9092")
    }
}

/// The Elasticsearch server: `ELASTICSEARCH_URL` (default http://127.0.0.1:9200).
public struct ElasticsearchConfig: Sendable, Equatable {
    public var url: URL

    public init(url: URL) { self.url = url }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.url = try environment.url(
            "ELASTICSEARCH_URL", default: "http://127.0.0.1:9200", schemes: ["http", "https"])
    }
}

/// The S3-compatible object store: `S3_ENDPOINT` (default http://127.0.0.1:9000), `S3_REGION`
/// (us-east-1), `S3_ACCESS_KEY_ID` and `S3_SECRET_ACCESS_KEY` (tributary / tributary-secret),
/// `S3_BUCKET` (each service names its default).
public struct S3Config: Sendable, Equatable {
    public var endpoint: URL
    public var region: String
    public var accessKeyID: String
    public var secretAccessKey: String
    public var bucket: String

    public init(endpoint: URL, region: String, accessKeyID: String, secretAccessKey: String, bucket: String) {
        self.endpoint = endpoint
        self.region = region
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.bucket = bucket
    }

    public init(environment: EnvironmentReader, defaultBucket: String) throws(ConfigurationError) {
        self.endpoint = try environment.url(
            "S3_ENDPOINT", default: "http://127.0.0.1:9000", schemes: ["http", "https"])
        self.region = environment.string("S3_REGION", default: "us-east-1")
        self.accessKeyID = environment.string("S3_ACCESS_KEY_ID", default: "tributary")
        self.secretAccessKey = environment.string("S3_SECRET_ACCESS_KEY", default: "tributary-secret")
        self.bucket = environment.string("S3_BUCKET", default: defaultBucket)
        guard (3...63).contains(bucket.count) else {
            throw ConfigurationError(
                variable: "S3_BUCKET", value: bucket, expected: "a bucket name of 3 to 63 characters")
        }
    }
}
