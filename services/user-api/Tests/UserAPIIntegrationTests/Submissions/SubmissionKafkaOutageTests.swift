import Foundation
import ServiceKit
import TestInfra
import Testing

@testable import UserAPICore

/// Kafka stops while `POST /api/user` waits for its delivery reports: the client gets 503 within
/// `KAFKA_PRODUCE_TIMEOUT_MS` (plus the loaded machine's slack) and the submission is `failed`,
/// never left `queued`.
@Suite("user submissions while Kafka is down", .timeLimit(.minutes(5)))
struct SubmissionKafkaOutageTests {
    @Test func aStoppedBrokerGives503AndAFailedSubmission() async throws {
        try await PrivateServer.with("kafka") { kafka in
            let brokers = try #require(try kafka.environment["KAFKA_BROKERS"])
            let overrides = submissionOverrides().merging([
                "ROLE": "api", "KAFKA_BROKERS": brokers, "KAFKA_PRODUCE_TIMEOUT_MS": "3000",
            ]) { _, new in new }
            try await withLiveUserAPI(overrides: overrides) { api in
                // The broker works: the submission is accepted (no consumer runs: it stays queued).
                let accepted = try await api.submitAccepted(usersJSON([("Before the outage", 30)]))
                #expect(try await api.status(accepted).status == "queued")

                try await kafka.stop()
                let clock = ContinuousClock()
                let started = clock.now
                let response = try await api.submit(usersJSON([("During the outage", 31), ("Another", 32)]))
                let elapsed = clock.now - started
                #expect(response.status == .serviceUnavailable, "\(String(buffer: response.body))")
                #expect(String(buffer: response.body).contains("kafka_unavailable"))
                // 3 s of produce timeout; generous slack for a loaded machine, far below a hang.
                #expect(elapsed < .seconds(20), "\(elapsed)")

                let failed = try await pollUntil("the failed submission", timeout: .seconds(10)) {
                    () async throws -> String? in
                    let rows = try await api.postgres.query(
                        "SELECT slug, failure FROM user_submissions WHERE status = 'failed'")
                    for try await (slug, failure) in rows.decode((String, String?).self) {
                        #expect(failure?.contains("Kafka") == true)
                        return slug
                    }
                    return nil
                }
                let status = try await api.status(failed)
                #expect(status.status == "failed" && status.total == 2 && status.stored == 0)
                #expect(status.json["failure"]?.stringValue?.isEmpty == false)
                #expect(try await api.count("SELECT count(*) FROM user_submissions WHERE status = 'queued'") == 1)
            }
        }
    }
}
