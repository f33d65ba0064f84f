import Foundation
import Hummingbird
import Prometheus

extension Router {
    /// Adds the endpoints every service serves:
    /// - `GET /health/live`: 200 while the process can answer at all;
    /// - `GET /health/ready`: 200 when every required dependency answered (`ready`, or `degraded` when
    ///   a derived one did not), else 503 (`not_ready`), with one entry per dependency (``ReadinessReport``);
    /// - `GET /metrics`: the Prometheus text exposition.
    public func addOperationalRoutes(
        readiness: ReadinessChecker, registry: PrometheusCollectorRegistry = PrometheusMetrics.registry
    ) {
        get("health/live") { _, _ -> Response in
            Self.json(.ok, #"{"status":"alive"}"#)
        }
        get("health/ready") { _, _ -> Response in
            let report = await readiness.evaluate()
            let body = try JSONEncoder.sortedKeys.encode(report)
            return Self.json(report.isReady ? .ok : .serviceUnavailable, String(decoding: body, as: UTF8.self))
        }
        get("metrics") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension JSONEncoder {
    /// Stable output for answers people and tests read.
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
