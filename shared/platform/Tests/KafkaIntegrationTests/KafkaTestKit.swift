import Kafka
import Logging
import ServiceKit
import TestInfra
import Testing

/// The Kafka-API broker of the test run, and helpers that give each test topics and groups of its
/// own. Every failure message names the librdkafka that was loaded: the local broker needs a newer
/// one than Debian's (deploy/local/rdkafka-runtime.sh, set up by deploy/test.sh).
struct KafkaTestKit {
    let kafka: KafkaConfig
    let logger: Logger

    /// Group joins on the local broker take about half the session timeout.
    static let sessionTimeout: Duration = .seconds(6)

    static var library: String {
        "librdkafka \(KafkaLibrary.version) loaded (the local broker needs a newer one than Debian's 2.0.2: "
            + "run through deploy/test.sh, or export LD_LIBRARY_PATH=$(deploy/local/rdkafka-runtime.sh DIR))"
    }

    /// Fails at once, naming the library, when Debian's 2.0.2 was loaded: every request to the
    /// local broker would time out.
    static func make() async throws -> KafkaTestKit {
        guard KafkaLibrary.versionNumber > 0x0200_02ff else { throw UnusableLibrary() }
        let servers = try await TestServers.shared()
        var logger = Logger(label: "kafka-test")
        logger.logLevel = .warning
        return KafkaTestKit(kafka: try servers.kafka, logger: logger)
    }

    struct UnusableLibrary: Error, CustomStringConvertible {
        var description: String { KafkaTestKit.library }
    }

    /// A new topic of `partitions` partitions with a name no other test uses.
    func topic(_ prefix: String, partitions: Int) async throws -> String {
        let name = TestNames.unique(prefix, separator: "-")
        let admin = KafkaTopicAdmin(brokers: kafka.brokers, timeout: .seconds(15), logger: logger)
        let outcome = try await admin.createTopic(KafkaTopicSpecification(name: name, partitions: partitions))
        #expect(outcome == .created, "\(Self.library)")
        return name
    }

    func group(_ prefix: String) -> String { TestNames.unique(prefix, separator: "-") }

    func producer(_ configure: (inout KafkaProducerConfiguration) -> Void = { _ in }) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(kafka)
        configuration.messageTimeout = .seconds(20)
        configure(&configuration)
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    /// A producer whose records stay in flight until it closes, however slow the machine: librdkafka
    /// holds a partition's batch for `linger` (a minute, far longer than any test waits) unless a
    /// flush sends it, and closing flushes. Tests of closing rely on it instead of on catching
    /// records during a short linger, which a test task that the loaded pool runs late can miss.
    func lingeringProducer() throws -> KafkaProducer {
        try producer {
            $0.linger = .seconds(60)
            $0.messageTimeout = .seconds(120)  // librdkafka requires it to exceed the linger
            $0.flushTimeout = .seconds(30)
        }
    }

    func consumer(
        group: String, topics: [String], _ configure: (inout KafkaConsumerConfiguration) -> Void = { _ in }
    ) throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(kafka, groupID: group, topics: topics)
        configuration.sessionTimeout = Self.sessionTimeout
        configure(&configuration)
        return try KafkaConsumer(configuration: configuration, logger: logger)
    }

    /// Sends `values` to one partition in order (each send waits for its report before the next).
    @discardableResult
    func sendInOrder(
        _ values: [String], to topic: String, with producer: KafkaProducer
    ) async throws
        -> [KafkaDeliveryReport]
    {
        var reports: [KafkaDeliveryReport] = []
        for value in values {
            reports.append(
                try await producer.send(KafkaProducerMessage(topic: topic, partition: 0, value: Array(value.utf8))))
        }
        return reports
    }
}

/// Takes `count` records from `consumer`, committing each after "processing" it when `commit` is
/// set. Fails when they do not all arrive within `limit`.
func receive(
    _ count: Int, from consumer: KafkaConsumer, commit: Bool, within limit: Duration = .seconds(60)
) async throws -> [KafkaMessage] {
    try await withTimeout(limit) {
        var received: [KafkaMessage] = []
        var iterator = consumer.messages.makeAsyncIterator()
        while received.count < count, let message = try await iterator.next() {
            received.append(message)
            if commit { try await consumer.commit(message) }
        }
        return received
    }
}
