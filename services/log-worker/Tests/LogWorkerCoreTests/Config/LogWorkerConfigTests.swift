import RabbitMQ
import Redis
import ServiceKit
import Testing

@testable import LogWorkerCore

@Suite("log-worker configuration", .timeLimit(.minutes(2)))
struct LogWorkerConfigTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let config = try LogWorkerConfig(environment: EnvironmentReader([:]))
        #expect(config.http == HTTPServerConfig(host: "127.0.0.1", port: 8084))
        #expect(config.logging == LoggingConfig(level: .info, format: .json))
        #expect(
            config.ingest
                == LogIngestConfig(
                    exchange: "logs", queue: "logs.ingest", batchSize: 200, batchMaxBytes: 4 << 20,
                    batchWait: .milliseconds(50)))
        #expect(config.ingest.batching.prefetch == 600)
        #expect(config.redis.poolSize == 2)
        #expect(config.redis.connectTimeout == .milliseconds(250))
        #expect(config.redis.commandTimeout == .milliseconds(250))
    }

    @Test func theIngestVariablesAreRead() throws {
        let config = try LogWorkerConfig(
            environment: EnvironmentReader([
                "LOG_INGEST_EXCHANGE": "logs.b", "LOG_INGEST_QUEUE": "logs.b.ingest", "LOG_WORKER_BATCH_SIZE": "50",
                "LOG_WORKER_BATCH_MAX_BYTES": "65536", "LOG_WORKER_BATCH_WAIT_MS": "5",
                "REDIS_URL": "redis://127.0.0.1:7000",
                "REDIS_COMMAND_TIMEOUT_MS": "100",
            ]))
        #expect(
            config.ingest.batching
                == BatchConsumerConfiguration(
                    queue: "logs.b.ingest", maxDeliveries: 50, maxBytes: 65536, maxWait: .milliseconds(5),
                    concurrentBatches: 2, orderedStores: false))
        #expect(config.redis.endpoint == HostPort(host: "127.0.0.1", port: 7000))
        #expect(config.redis.commandTimeout == .milliseconds(100))
    }

    @Test func theTopologyIsTheOneLogAPIDeclares() {
        let topology = LogIngestConfig().topology
        #expect(topology == Topology.workQueue(exchange: "logs", queue: .workQueue("logs.ingest")))
        #expect(topology.queue(named: "logs.ingest")?.deadLetter?.queue == "logs.ingest.dead")
    }

    @Test(arguments: [
        ("HTTP_PORT", "70000"), ("LOG_WORKER_BATCH_SIZE", "0"), ("LOG_WORKER_BATCH_MAX_BYTES", "10"),
        ("LOG_WORKER_BATCH_WAIT_MS", "soon"), ("REDIS_CONNECT_TIMEOUT_MS", "0"),
    ])
    func aBadValueNamesItsVariable(variable: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try LogWorkerConfig(environment: EnvironmentReader([variable: value]))
        }
        #expect(error?.variable == variable)
    }
}
