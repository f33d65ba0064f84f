import Metrics
import ServiceKit
import Synchronization

/// The live notifications in `/metrics`:
/// - `log_api_notification_clients{transport="websocket"|"sse"}`: clients connected now;
/// - `log_api_notification_clients_dropped_total{transport=…}`: clients dropped because their buffer
///   (`NOTIFY_CLIENT_BUFFER`) was full: too slow to read what they were sent;
/// - `log_api_notification_events_total{result="received"|"unreadable"}`: file events read from Redis;
/// - `log_api_notification_resyncs_total`: fresh snapshots sent to every client after the Redis subscription
///   came back.
public final class NotificationMetrics: Sendable {
    public enum Transport: String, Sendable, CaseIterable {
        case webSocket = "websocket"
        case sse
    }

    private let gauges: [Transport: Gauge]
    private let counts = Mutex<[Transport: Int]>([:])
    private let drops: [Transport: Counter]
    private let events: Counter
    private let unreadable: Counter
    private let resyncs: Counter

    public init() {
        // The metrics belong to the registry behind /metrics only if it is bootstrapped first.
        _ = PrometheusMetrics.registry
        var gauges: [Transport: Gauge] = [:]
        var drops: [Transport: Counter] = [:]
        for transport in Transport.allCases {
            let dimensions = [("transport", transport.rawValue)]
            gauges[transport] = Gauge(label: "log_api_notification_clients", dimensions: dimensions)
            drops[transport] = Counter(label: "log_api_notification_clients_dropped_total", dimensions: dimensions)
        }
        self.gauges = gauges
        self.drops = drops
        events = Counter(label: "log_api_notification_events_total", dimensions: [("result", "received")])
        unreadable = Counter(label: "log_api_notification_events_total", dimensions: [("result", "unreadable")])
        resyncs = Counter(label: "log_api_notification_resyncs_total")
    }

    func connected(_ transport: Transport, by change: Int) {
        // Under the lock: two changes at once must not record their values out of order.
        counts.withLock { counts in
            let count = counts[transport, default: 0] + change
            counts[transport] = count
            gauges[transport]?.record(count)
        }
    }

    func dropped(_ transport: Transport) { drops[transport]?.increment() }
    func received() { events.increment() }
    func unreadableEvent() { unreadable.increment() }
    func resynchronized() { resyncs.increment() }
}
