import Foundation
import ServiceKit

#if canImport(Glibc)
import Glibc
#endif

/// The real servers of one integration run: PostgreSQL, Redis, RabbitMQ, a Kafka-API broker, an
/// Elasticsearch-API server and S3, all on 127.0.0.1.
///
/// `make itest` starts one set per run and hands it over in `TRIBUTARY_SERVERS_ENV` (the path of
/// its `servers.env`). Without that variable (a single `swift test` from an editor) the first test
/// that asks starts a set itself through `deploy/local/servers.sh` and stops it when the process
/// exits. Tests isolate themselves inside the set by unique names (``TestNames``, ``TestDatabase``).
public struct TestServers: Sendable {
    /// The `servers.env` lines: the same variables the services read (POSTGRES_URL, REDIS_URL, …).
    public let environment: [String: String]

    public var postgres: PostgresConfig { get throws { try PostgresConfig(environment: reader) } }
    public var redis: RedisConfig { get throws { try RedisConfig(environment: reader) } }
    public var amqp: AMQPConfig { get throws { try AMQPConfig(environment: reader) } }
    public var kafka: KafkaConfig { get throws { try KafkaConfig(environment: reader) } }
    public var elasticsearch: ElasticsearchConfig { get throws { try ElasticsearchConfig(environment: reader) } }
    public func s3(bucket: String) throws -> S3Config { try S3Config(environment: reader, defaultBucket: bucket) }

    /// The RabbitMQ management HTTP API, for tests that inspect queues.
    public var rabbitMQManagementURL: URL? { environment["RABBITMQ_MANAGEMENT_URL"].flatMap(URL.init(string:)) }

    private var reader: EnvironmentReader { EnvironmentReader(environment) }

    /// The servers of this run, started on first use.
    public static func shared() async throws -> TestServers {
        try await SharedServers.instance.get()
    }

    /// What `servers.sh start` gets from tests: no fsync, and every port variable of the caller's
    /// environment (`make up`'s fixed ports) blanked, so test servers always take free ports.
    static let scriptEnvironment: [String: String] = {
        let ports = [
            "POSTGRES_PORT", "REDIS_PORT", "AMQP_PORT", "RABBITMQ_MANAGEMENT_PORT", "RABBITMQ_DIST_PORT",
            "ERL_EPMD_PORT", "KAFKA_PORT", "ELASTICSEARCH_PORT", "S3_PORT",
        ]
        var environment = Dictionary(uniqueKeysWithValues: ports.map { ($0, "") })
        environment["FAST_UNSAFE"] = "1"
        return environment
    }()

    /// The repository root, found from this file's place in it: shared/platform/Sources/TestInfra.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestInfra
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // platform
        .deletingLastPathComponent()  // shared
        .deletingLastPathComponent()
}

/// Starts the servers at most once per process, whichever test asks first.
private actor SharedServers {
    static let instance = SharedServers()

    private var started: Task<TestServers, any Error>?

    func get() async throws -> TestServers {
        if let started { return try await started.value }
        let task = Task { try await Self.locateOrStart() }
        started = task
        return try await task.value
    }

    private static func locateOrStart() async throws -> TestServers {
        if let path = ProcessInfo.processInfo.environment["TRIBUTARY_SERVERS_ENV"], !path.isEmpty {
            return TestServers(environment: try ServersEnvFile.read(at: path))
        }
        let directory = "/tmp/tributary-test-\(getpid())"
        let script = TestServers.repositoryRoot.appendingPathComponent("deploy/local/servers.sh").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        chmod(directory, 0o755)
        try await ShellCommand.run([script, "start", directory], environment: TestServers.scriptEnvironment)
        OwnedServers.directory = directory
        OwnedServers.script = script
        atexit {
            guard let directory = OwnedServers.directory, let script = OwnedServers.script else { return }
            _ = try? ShellCommand.runBlocking([script, "stop", directory])
            try? FileManager.default.removeItem(atPath: directory)
        }
        return TestServers(environment: try ServersEnvFile.read(at: directory + "/servers.env"))
    }
}

/// The servers this process started itself, stopped by the `atexit` handler.
private enum OwnedServers {
    // Written once, before the handler is registered, and read only by that handler at exit.
    nonisolated(unsafe) static var directory: String?
    nonisolated(unsafe) static var script: String?
}
