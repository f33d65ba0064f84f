import Redis
import ServiceKit

/// The live notifications of file processing (`/notifications/events`, `GET /files/{id}/events`; README,
/// "Watching files being processed"):
/// - `REDIS_URL` (`redis://127.0.0.1:6379`) and the other Redis settings of ``RedisClientConfiguration``: the
///   server log-worker publishes on; log-api holds one subscription to it;
/// - `FILE_EVENTS_CHANNEL` (`file-events`): the channel, as log-worker's;
/// - `NOTIFY_CLIENT_BUFFER` (256, 1…65536): messages waiting for one client before it is dropped as too slow;
/// - `NOTIFY_PING_INTERVAL` (30s, 100ms…1h): a WebSocket ping this often; a socket that did not answer the
///   previous one by then is closed;
/// - `NOTIFY_SSE_HEARTBEAT` (15s, 100ms…1h): a comment line this often on an idle event stream, so proxies keep
///   it open and the client sees it is alive;
/// - `NOTIFY_MAX_FILES` (1000, 1…100000): files one WebSocket may follow by id.
public struct NotificationsConfig: Sendable, Equatable {
    public var redis: RedisClientConfiguration
    public var channel: String
    public var clientBuffer: Int
    public var pingInterval: Duration
    public var sseHeartbeat: Duration
    public var maxFiles: Int

    public init(
        redis: RedisClientConfiguration, channel: String = "file-events", clientBuffer: Int = 256,
        pingInterval: Duration = .seconds(30), sseHeartbeat: Duration = .seconds(15), maxFiles: Int = 1_000
    ) {
        self.redis = redis
        self.channel = channel
        self.clientBuffer = clientBuffer
        self.pingInterval = pingInterval
        self.sseHeartbeat = sseHeartbeat
        self.maxFiles = maxFiles
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        let periods: ClosedRange<Duration> = Duration.milliseconds(100)...Duration.seconds(3_600)
        self.init(
            redis: try RedisClientConfiguration(
                environment: environment, defaults: .cache(timeout: .seconds(2), poolSize: 1)),
            channel: environment.string("FILE_EVENTS_CHANNEL", default: "file-events"),
            clientBuffer: try environment.int("NOTIFY_CLIENT_BUFFER", default: 256, in: 1...65_536),
            pingInterval: try environment.duration("NOTIFY_PING_INTERVAL", default: .seconds(30), in: periods),
            sseHeartbeat: try environment.duration("NOTIFY_SSE_HEARTBEAT", default: .seconds(15), in: periods),
            maxFiles: try environment.int("NOTIFY_MAX_FILES", default: 1_000, in: 1...100_000))
    }
}
