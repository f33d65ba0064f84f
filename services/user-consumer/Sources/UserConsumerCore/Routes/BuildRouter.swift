import Hummingbird
import Logging
import Redis
import ServiceKit

/// The router of user-consumer's API role: request metrics, the operational endpoints
/// (`/health/live`, `/health/ready`, `/metrics`), `/users` (``UsersController``) and `/users/sse`
/// (``UserEventsController``).
///
/// A plain function of its dependencies, so a test hands in an in-memory ``UserStore``,
/// ``UserCache`` and ``UserChangePublisher`` and sends requests in process; the service hands in
/// ``PostgresUserStore``, ``RedisUserCache`` and ``UserRedisSync``. `subscriber` is used only by
/// `/users/sse?follow=true`; `config` gives the changes channel and the stream's page size and heartbeat.
public func buildRouter(
    store: some UserStore, cache: some UserCache, changes: some UserChangePublisher, subscriber: RedisSubscriber,
    cipher: EmailCipher, config: UserRoutesConfig, readiness: ReadinessChecker, logger: Logger
) -> Router<BasicRequestContext> {
    let router = buildOperationalRouter(readiness: readiness)
    UsersController(store: store, cache: cache, changes: changes, cipher: cipher, logger: logger)
        .addRoutes(to: router)
    UserEventsController(
        stream: UserEventStream(
            store: store, cipher: cipher, pageSize: config.ssePageSize, heartbeat: config.sseHeartbeat),
        subscriber: subscriber, changesChannel: config.changesChannel, logger: logger
    ).addRoutes(to: router)
    return router
}

/// The router of the worker role, which serves no users: request metrics and the operational
/// endpoints only.
public func buildOperationalRouter(readiness: ReadinessChecker) -> Router<BasicRequestContext> {
    ServiceApplication.operationalRouter(readiness: readiness)
}
