import Foundation
import Kafka
import Logging
import ServiceKit

/// Produces `--messages` records of `--message-size` bytes through ``KafkaProducer`` with
/// `--in-flight` sends awaiting their delivery reports at once, and prints one `key=value` line:
/// messages, seconds, messages per second and this process's CPU seconds.
@main
enum KafkaBench {
    static func main() async throws {
        let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        var logger = Logger(label: "kafka-bench")
        logger.logLevel = .warning

        let topic = "bench-\(UUID().uuidString.prefix(8).lowercased())"
        try await KafkaTopicAdmin(brokers: options.brokers, logger: logger)
            .createTopic(KafkaTopicSpecification(name: topic, partitions: options.partitions))

        var configuration = KafkaProducerConfiguration(brokers: options.brokers)
        configuration.clientID = "kafka-bench"
        configuration.linger = .milliseconds(options.lingerMilliseconds)
        configuration.batchSizeBytes = options.batchSizeBytes
        configuration.maxQueuedMessages = options.maxQueuedMessages
        configuration.messageTimeout = .seconds(120)
        configuration.flushTimeout = .seconds(60)
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: options.messageSize)
        // One acknowledged record first: connection, metadata and producer id are not measured.
        _ = try await producer.send(KafkaProducerMessage(topic: topic, value: payload))

        let cpuBefore = ProcessCPU.seconds()
        let started = ContinuousClock.now
        let delivered = try await produce(options, topic: topic, payload: payload, with: producer)
        let elapsed = ContinuousClock.now - started
        let cpu = ProcessCPU.seconds() - cpuBefore
        await producer.close()

        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard delivered == options.messages else {
            throw BenchError("only \(delivered) of \(options.messages) records were acknowledged")
        }
        print(
            "client=swift librdkafka=\(KafkaLibrary.version) messages=\(delivered) seconds=\(format(seconds))"
                + " rate=\(Int(Double(delivered) / seconds)) cpu_seconds=\(format(cpu))")
    }

    /// `inFlight` tasks, each sending its share one record after the other: every record is
    /// counted only once its delivery report said the broker has it.
    private static func produce(
        _ options: BenchOptions, topic: String, payload: [UInt8], with producer: KafkaProducer
    ) async throws -> Int {
        let workers = min(options.inFlight, options.messages)
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var acknowledged = 0
                    for _ in stride(from: worker, to: options.messages, by: workers) {
                        _ = try await producer.send(KafkaProducerMessage(topic: topic, value: payload))
                        acknowledged += 1
                    }
                    return acknowledged
                }
            }
            return try await group.reduce(0, +)
        }
    }

    private static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}

/// User plus system CPU time of this process.
enum ProcessCPU {
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}
