import AsyncHTTPClient
import Foundation
import NIOCore
import ServiceKit

/// What a service executable did through one whole life as a process: started, became ready,
/// served `/metrics`, and exited after SIGTERM.
public struct LifecycleObservation: Sendable {
    public let readiness: ReadinessReport
    public let metrics: String
    public let exitStatus: Int32
    /// Everything the process logged, for assertions on structured logs.
    public let output: String

    /// Runs `executable` with `environment` and observes it from start to SIGTERM.
    public static func observe(executable: String, environment: [String: String]) async throws -> LifecycleObservation {
        let process = try ServiceProcess(executable: executable, environment: environment)
        try await process.waitUntilAnswering("/health/ready", deadline: .seconds(60))
        let ready = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: process.baseURL + "/health/ready"), timeout: .seconds(5))
        let report = try JSONDecoder().decode(
            ReadinessReport.self, from: Data(try await ready.body.collect(upTo: 1 << 20).readableBytesView))
        let metrics = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: process.baseURL + "/metrics"), timeout: .seconds(5))
        let metricsText = String(buffer: try await metrics.body.collect(upTo: 1 << 22))
        let status = try await process.stop(signal: SIGTERM)
        return LifecycleObservation(readiness: report, metrics: metricsText, exitStatus: status, output: process.output)
    }

    /// The lines of `output` that parse as JSON objects: the structured log events.
    public var logEvents: [[String: String]] {
        output.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return nil
            }
            return object.compactMapValues { $0 as? String }
        }
    }
}
