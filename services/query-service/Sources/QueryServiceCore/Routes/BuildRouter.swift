import Hummingbird
import Logging
import ServiceKit

/// The router of query-service: request metrics, the operational endpoints (`/health/live`,
/// `/health/ready`, `/metrics`) and the log routes (``LogsController``).
///
/// A plain function of its dependencies, so a test hands in other ``LogReads`` and ``QueryCache``
/// (in memory) and sends requests in process; the service hands in ``PostgresLogReads`` and
/// ``RedisQueryCache``. `queryTimeout`: the most a request waits for the reads before it answers 503.
public func buildRouter(
    reads: some LogReads, cache: some QueryCache, queryTimeout: Duration, readiness: ReadinessChecker,
    logger: Logger
) -> Router<BasicRequestContext> {
    let router = ServiceApplication.operationalRouter(readiness: readiness)
    LogsController(reads: reads, cache: cache, queryTimeout: queryTimeout, logger: logger).addRoutes(to: router)
    return router
}
