import Hummingbird
import ServiceKit

/// log-worker's router: only ServiceKit's operational routes (`/health/live`, `/health/ready`
/// answered by `readiness`, `/metrics`) and the request metrics. log-worker takes its work from the
/// queue, not over HTTP, so it serves no resource routes: everything else is 404.
///
/// A plain function, as every service's `buildRouter`, so that the route tests serve it in process
/// (`app.test(.router)`) without the consumer, the broker or the database.
func buildRouter(readiness: ReadinessChecker) -> Router<BasicRequestContext> {
    ServiceApplication.operationalRouter(readiness: readiness)
}
