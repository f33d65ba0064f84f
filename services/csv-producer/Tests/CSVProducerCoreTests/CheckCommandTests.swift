import ArgumentParser
import Foundation
import ServiceKit
import Testing

@testable import CSVProducerCore

@Suite("csv-producer command line", .timeLimit(.minutes(1)))
struct CheckCommandTests {
    @Test func reportLinesAreAlignedAndSorted() throws {
        let report = try decodeReport(
            #"{"status":"not_ready","checks":{"search":{"status":"down","role":"derived","latency_ms":2,"error":"refused"},"rabbitmq":{"status":"up","role":"required","latency_ms":3}}}"#
        )
        #expect(CheckCommand.render(report) == "rabbitmq  up    3 ms\nsearch    down  2 ms  refused")
    }

    @Test func unknownSubcommandIsAnError() {
        #expect(throws: (any Error).self) { try CSVProducerCommand.parseAsRoot(["explode"]) }
    }

    @Test func checkParsesItsTimeout() throws {
        let command = try #require(
            try CSVProducerCommand.parseAsRoot(["check", "--timeout-ms", "500"]) as? CheckCommand)
        #expect(command.timeoutMilliseconds == 500)
    }

    @Test func badEnvironmentIsNamed() {
        let error = #expect(throws: ConfigurationError.self) {
            try CSVProducerConfig(environment: EnvironmentReader(["AMQP_URL": "nonsense"]))
        }
        #expect(error?.variable == "AMQP_URL")
    }
}

private func decodeReport(_ json: String) throws -> ReadinessReport {
    try JSONDecoder().decode(ReadinessReport.self, from: Data(json.utf8))
}
