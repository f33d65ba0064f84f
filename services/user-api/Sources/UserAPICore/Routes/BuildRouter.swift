import Hummingbird
import ServiceKit

/// The router of user-api's API role: request metrics, the operational endpoints (`/health/live`,
/// `/health/ready`, `/metrics`), `/status`, `/users` (``UsersController``) and `/users/search`
/// (``UserSearchController``). The controllers take their store as a protocol (``ManagedUserStore``).
public func buildRouter(
    users: UsersController, search: UserSearchController, status: StatusController, readiness: ReadinessChecker
) -> Router<BasicRequestContext> {
    let router = buildRouter(readiness: readiness)
    status.addRoutes(to: router)
    search.addRoutes(to: router)
    users.addRoutes(to: router)
    return router
}

/// The router of a process that serves no users (`ROLE=indexer`): request metrics and the
/// operational endpoints only.
public func buildRouter(readiness: ReadinessChecker) -> Router<BasicRequestContext> {
    ServiceApplication.operationalRouter(readiness: readiness)
}
