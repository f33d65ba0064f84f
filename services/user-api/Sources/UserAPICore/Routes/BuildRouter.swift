import Hummingbird
import ServiceKit

/// The router of user-api: request metrics and the operational endpoints (`/health/live`,
/// `/health/ready`, `/metrics`). The `/users` and `/api/user` routes join it here, each taking its
/// repository as a protocol argument, so a test hands in an in-memory one.
public func buildRouter(readiness: ReadinessChecker) -> Router<BasicRequestContext> {
    ServiceApplication.operationalRouter(readiness: readiness)
}
