import AsyncHTTPClient
import Foundation
import PostgresNIO
import ServiceKit
import TestInfra
import Testing

@testable import UserAPICore

/// The consumer as the real `user-api` executable (`ROLE=consumer`), beside an in-process API
/// (`ROLE=api`) that produces the submissions: a SIGKILL in the middle, and two members of the
/// group sharing the partitions through rebalances.
@Suite("user submission consumers as processes", .serialized, .timeLimit(.minutes(10)))
struct SubmissionConsumerProcessTests {
    /// `count` users named after the submission and their index; every 100th has an age out of range.
    static func submission(_ number: Int, users count: Int) -> String {
        usersJSON((0..<count).map { ("user \(number)-\($0)", $0 % 100 == 99 ? 999 : $0 % 90) })
    }

    static func invalidUsers(in count: Int) -> Int { count / 100 }

    static func consumerEnvironment(_ api: LiveUserAPI, _ overrides: [String: String]) async throws -> [String: String]
    {
        var environment = try await TestServers.shared().serviceEnvironment(
            database: api.database, overrides: overrides.merging(["ROLE": "consumer"]) { _, new in new })
        // The consumer process needs the librdkafka the tests run with (the local broker wants 2.16).
        if let path = ProcessInfo.processInfo.environment["LD_LIBRARY_PATH"] { environment["LD_LIBRARY_PATH"] = path }
        return environment
    }

    @Test func aKilledConsumerRestartedStoresEveryValidUserExactlyOnce() async throws {
        let overrides = submissionOverrides().merging(["ROLE": "api"]) { _, new in new }
        try await withLiveUserAPI(overrides: overrides) { api in
            let submissions = 30
            let perSubmission = 2_000
            var slugs: [String] = []
            for number in 0..<submissions {
                slugs.append(try await api.submitAccepted(Self.submission(number, users: perSubmission)))
            }
            let valid = submissions * (perSubmission - Self.invalidUsers(in: perSubmission))
            let environment = try await Self.consumerEnvironment(api, overrides)

            let first = try ServiceProcess(executable: "user-api", environment: environment)
            let storedBeforeKill = try await pollUntil("some users stored", timeout: .seconds(120)) {
                let count = try await api.count("SELECT count(*) FROM submitted_users")
                return count >= perSubmission ? count : nil
            }
            _ = try await first.stop(signal: SIGKILL)
            #expect(storedBeforeKill < valid, "the consumer finished before it could be killed")

            let second = try ServiceProcess(executable: "user-api", environment: environment)
            _ = try await pollUntil("every submission final", timeout: .seconds(240), every: .milliseconds(200)) {
                try await api.count(
                    "SELECT count(*) FROM user_submissions WHERE status IN ('completed', 'completed_with_errors', 'failed')"
                )
                    == submissions ? true : nil
            }
            #expect(try await second.stop() == 0, "\(second.output.suffix(2000))")

            #expect(try await api.count("SELECT count(*) FROM submitted_users") == valid)
            #expect(
                try await api.count("SELECT count(DISTINCT (submission, record_index)) FROM submitted_users") == valid)
            // A redelivered message applied again would have met its own users as duplicates.
            let invalid = Self.invalidUsers(in: perSubmission)
            #expect(try await api.count("SELECT count(*) FROM user_submission_errors") == submissions * invalid)
            for slug in slugs {
                let status = try await api.status(slug)
                #expect(status.status == "completed_with_errors")
                #expect(status.stored == Int64(perSubmission - invalid) && status.rejected == Int64(invalid))
            }
        }
    }

    @Test func twoConsumersShareThePartitionsThroughRebalances() async throws {
        let overrides = submissionOverrides().merging(["ROLE": "api", "USER_SUBMISSIONS_PARTITIONS": "4"]) { _, new in
            new
        }
        try await withLiveUserAPI(overrides: overrides) { api in
            let environment = try await Self.consumerEnvironment(api, overrides)
            var slugs: [String] = []
            func submitWave(_ count: Int) async throws {
                for _ in 0..<count {
                    slugs.append(try await api.submitAccepted(Self.submission(slugs.count, users: 50)))
                }
            }
            func allFinal() async throws {
                let expected = slugs.count
                _ = try await pollUntil(
                    "\(expected) submissions final", timeout: .seconds(180), every: .milliseconds(200)
                ) {
                    try await api.count(
                        "SELECT count(*) FROM user_submissions WHERE status IN ('completed', 'completed_with_errors')")
                        == expected ? true : nil
                }
            }

            let first = try ServiceProcess(executable: "user-api", environment: environment)
            try await submitWave(12)
            try await allFinal()

            // A second member joins: the group rebalances and it gets partitions of its own.
            let second = try ServiceProcess(executable: "user-api", environment: environment)
            let secondWorked = try await pollUntil(
                "the second consumer applied a message", timeout: .seconds(120), every: .milliseconds(500)
            ) {
                try await submitWave(2)
                return try await Self.applied(second) > 0 ? true : nil
            }
            #expect(secondWorked)
            try await allFinal()
            let firstApplied = try await Self.applied(first)
            #expect(firstApplied > 0)

            // The first leaves (SIGTERM): the second takes every partition.
            #expect(try await first.stop() == 0, "\(first.output.suffix(2000))")
            try await submitWave(12)
            try await allFinal()
            #expect(try await second.stop() == 0, "\(second.output.suffix(2000))")

            let perSubmission = 50
            #expect(try await api.count("SELECT count(*) FROM submitted_users") == slugs.count * perSubmission)
            #expect(try await api.count("SELECT count(*) FROM user_submission_errors") == 0)
            #expect(try await api.count("SELECT sum(parts_done) FROM user_submissions") == slugs.count)
        }
    }

    /// `user_submission_messages_consumed_total{result="applied"}` of a consumer process.
    static func applied(_ process: ServiceProcess) async throws -> Int {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: process.baseURL + "/metrics"), timeout: .seconds(5))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        let prefix = #"user_submission_messages_consumed_total{result="applied"} "#
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return 0 }
        return Int(Double(line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)) ?? 0)
    }
}
