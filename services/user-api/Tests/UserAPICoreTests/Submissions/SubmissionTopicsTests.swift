import Logging
import ServiceKit
import Synchronization
import TestInfra
import Testing

@testable import UserAPICore

/// Kafka away at start must not stop user-api: creating the topics goes on past every round of attempts
/// until the service stops. (A broker that never answers is a closed port on loopback: no server needed.)
@Suite("Creating the submission topics", .timeLimit(.minutes(1)))
struct SubmissionTopicsTests {
    @Test func anUnreachableBrokerIsTriedAgainAfterEachRoundUntilCancelled() async throws {
        let port = try FreePort.next()
        let topics = SubmissionTopics(
            kafka: try KafkaConfig(environment: EnvironmentReader(["KAFKA_BROKERS": "127.0.0.1:\(port)"])),
            config: try SubmissionsConfig(environment: EnvironmentReader([:])), round: .milliseconds(300),
            logger: Logger(label: "submission-topics-test"))
        let ended = Atomic<Bool>(false)
        let creating = Task {
            defer { ended.store(true, ordering: .relaxed) }
            try await topics.create()
        }
        // Several rounds of 300 ms: a round that gave up would have ended the task by now.
        try await Task.sleep(for: .seconds(3))
        let endedEarly = ended.load(ordering: .relaxed)
        #expect(!endedEarly, "topic creation gave up while the broker was away")
        creating.cancel()
        let outcome = await creating.result
        #expect(throws: (any Error).self) { try outcome.get() }
    }
}
