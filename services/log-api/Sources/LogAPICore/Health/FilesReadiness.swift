import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceKit

/// log-api's two readiness answers (README, "Readiness"; docs/file-uploads.md, "Readiness"):
///
/// - `GET /health/ready`, for the load balancer in front of every route: RabbitMQ is required
///   (both the log intake and the uploads queue their work there); PostgreSQL and S3 are declared
///   with the role ``DependencyRole/derived``: the log intake, log-api's main job, needs neither,
///   so their outage makes the service `degraded` (HTTP 200, the outage in the body and in
///   `dependency_up`) instead of taking every replica out and stopping the logs too. Meanwhile
///   `/files` answers 503 by itself.
/// - `GET /health/ready/files`, for whatever routes only `/files` (an ingress rule, a probe, the
///   upload CLI): RabbitMQ, PostgreSQL (the `files` table, which log-worker's migrations create)
///   and S3 all required.
enum FilesReadiness {
    static func addRoute<Context: RequestContext>(_ readiness: ReadinessChecker, to router: some RouterMethods<Context>)
    {
        router.get("health/ready/files") { _, _ -> Response in
            let report = await readiness.evaluate()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let body = try encoder.encode(report)
            return Response(
                status: report.isReady ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}

/// A check reported under another role than its own: PostgreSQL, required wherever it holds a
/// service's truth, is derived in log-api's main readiness (see ``FilesReadiness``). It gives up
/// after `limit` without waiting for the check (PostgresNIO's pool ignores cancellation while it
/// waits for a server that is down, which would hold the whole readiness answer).
struct RoleAssignedCheck: DependencyCheck {
    let base: any DependencyCheck
    let role: DependencyRole
    var limit: Duration = .seconds(2)

    var name: String { base.name }

    func check() async throws {
        let base = self.base
        try await withDeadline(limit) { try await base.check() }
    }
}

/// PostgreSQL answers and holds the `files` table (log-worker's migration 3): `/files` can work.
struct FilesTableCheck: DependencyCheck {
    let name = "postgres"
    let role = DependencyRole.required
    let client: PostgresClient
    let logger: Logger

    func check() async throws {
        let (client, logger) = (self.client, self.logger)
        // Without waiting for the pool past the limit (see ``RoleAssignedCheck``).
        let exists = try await withDeadline(.seconds(2)) {
            let rows = try await client.query("SELECT to_regclass('files') IS NOT NULL", logger: logger)
            var exists = false
            for try await value in rows.decode(Bool.self) { exists = value }
            return exists
        }
        guard exists else {
            throw DependencyCheckError("the files table does not exist (log-worker applies its migrations at start)")
        }
    }
}
