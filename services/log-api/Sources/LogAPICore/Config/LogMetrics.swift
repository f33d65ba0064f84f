import Metrics
import ServiceKit

/// The counters log-api adds to `/metrics`, made once so that requests only increment them:
/// - `log_api_records_accepted_total`: records answered 202 (confirmed by the broker);
/// - `log_api_messages_published_total`: messages confirmed (each holds up to
///   `LOG_MESSAGE_MAX_RECORDS` records: of one `POST /logs`, or of concurrent `POST /log` requests);
/// - `log_api_requests_rejected_total{reason=…}`: requests answered 4xx or 503, by
///   ``LogRejectionReason`` (`invalid_json`, `invalid_record`, `unsupported_media_type`,
///   `body_too_large`, `too_many_records`, `broker_unavailable`, `publish_timeout`, `publish_refused`).
public struct LogMetrics: Sendable {
    let recordsAccepted: Counter
    let messagesPublished: Counter
    private let rejected: [LogRejectionReason: Counter]

    public init() {
        // The counters belong to the registry behind /metrics only if it is bootstrapped first.
        _ = PrometheusMetrics.registry
        recordsAccepted = Counter(label: "log_api_records_accepted_total")
        messagesPublished = Counter(label: "log_api_messages_published_total")
        rejected = Dictionary(
            uniqueKeysWithValues: LogRejectionReason.allCases.map { reason in
                (reason, Counter(label: "log_api_requests_rejected_total", dimensions: [("reason", reason.rawValue)]))
            })
    }

    func accepted(records: Int) {
        recordsAccepted.increment(by: records)
    }

    func rejected(_ reason: LogRejectionReason?) {
        guard let reason else { return }
        rejected[reason]?.increment()
    }
}
