import ServiceKit
import Testing

@testable import Kafka

@Suite("Kafka client properties", .timeLimit(.minutes(1)))
struct KafkaConfigurationTests {
    let brokers = [HostPort(host: "127.0.0.1", port: 9092), HostPort(host: "::1", port: 9093)]

    @Test func producerPropertiesCarryTheGuaranteesAndTheTypedOptions() throws {
        var configuration = KafkaProducerConfiguration(brokers: brokers)
        configuration.linger = .milliseconds(20)
        configuration.messageTimeout = .seconds(3)
        configuration.additionalProperties = ["compression.type": "lz4", "acks": "all"]
        let properties = try configuration.properties()
        #expect(properties["bootstrap.servers"] == "127.0.0.1:9092,[::1]:9093")
        #expect(properties["acks"] == "all")
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["linger.ms"] == "20")
        #expect(properties["message.timeout.ms"] == "3000")
        #expect(properties["compression.type"] == "lz4")
    }

    @Test func producerGuaranteesCannotBeTurnedOff() {
        for (property, value) in [("acks", "1"), ("enable.idempotence", "false")] {
            var configuration = KafkaProducerConfiguration(brokers: brokers)
            configuration.additionalProperties = [property: value]
            let error = #expect(throws: KafkaConfigurationError.self) { try configuration.properties() }
            #expect(error?.property == property)
        }
    }

    @Test func consumerPropertiesNeverAutoCommitAndStartAtTheEarliestOffset() throws {
        var configuration = KafkaConsumerConfiguration(brokers: brokers, groupID: "g", topics: ["t"])
        configuration.sessionTimeout = .seconds(6)
        let properties = try configuration.properties()
        #expect(properties["enable.auto.commit"] == "false")
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["auto.offset.reset"] == "earliest")
        #expect(properties["group.id"] == "g")
        #expect(properties["session.timeout.ms"] == "6000")
        #expect(properties["heartbeat.interval.ms"] == "2000")
        #expect(properties["partition.assignment.strategy"] == "range,roundrobin")
    }

    @Test func consumerGuaranteesCannotBeTurnedOff() {
        for property in ["enable.auto.commit", "enable.auto.offset.store"] {
            var configuration = KafkaConsumerConfiguration(brokers: brokers, groupID: "g", topics: ["t"])
            configuration.additionalProperties = [property: "true"]
            #expect(throws: KafkaConfigurationError.self) { try configuration.properties() }
        }
    }

    @Test func anEmptyGroupIsRefused() {
        let configuration = KafkaConsumerConfiguration(brokers: brokers, groupID: "", topics: ["t"])
        #expect(throws: KafkaConfigurationError.self) { try configuration.properties() }
    }

    @Test func durationsBecomeWholeMilliseconds() {
        #expect(Duration.milliseconds(1500).wholeMilliseconds == 1500)
        #expect(Duration.microseconds(2999).wholeMilliseconds == 2)
        #expect(Duration.seconds(45).wholeMilliseconds == 45_000)
    }
}
