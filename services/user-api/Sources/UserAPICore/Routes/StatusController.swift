import Contracts
import Foundation
import Hummingbird
import NIOCore
import ServiceKit

/// `GET /status`: `{"dependencies":{…},"status":…,"timestamp":…,"version":…}` for a person or a
/// dashboard: the readiness report's verdict (`ready`, `degraded` or `not_ready`) and, per
/// dependency, how it answered (`status`, `role`, `latency_ms`, `error`), the time of the answer
/// and the service's version. Always 200 while the process answers: `/health/ready` is the one a
/// load balancer acts on.
public struct StatusController: Sendable {
    let readiness: ReadinessChecker
    let version: String

    public init(readiness: ReadinessChecker, version: String) {
        self.readiness = readiness
        self.version = version
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("status", use: status)
    }

    @Sendable func status(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let report = await readiness.evaluate()
        var writer = JSONWriter(capacity: 512)
        writer.raw("{\"dependencies\":{")
        for (position, name) in report.checks.keys.sorted().enumerated() {
            let check = report.checks[name]!
            if position > 0 { writer.raw(",") }
            writer.string(name)
            writer.raw(":{\"error\":")
            writer.string(check.error)
            writer.raw(",\"latency_ms\":")
            writer.integer(check.latencyMs)
            writer.raw(",\"role\":")
            writer.string(check.role.rawValue)
            writer.raw(",\"status\":")
            writer.string(check.status)
            writer.raw("}")
        }
        writer.raw("},\"status\":")
        writer.string(report.status)
        writer.raw(",\"timestamp\":")
        writer.date(Date())
        writer.raw(",\"version\":")
        writer.string(version)
        writer.raw("}")
        return UsersController.json(.ok, ByteBuffer(bytes: writer.bytes))
    }
}
