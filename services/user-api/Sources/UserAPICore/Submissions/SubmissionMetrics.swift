import Prometheus
import ServiceKit

/// The submissions' counters on the process-wide registry behind `/metrics`:
/// - `user_submissions_total{result="accepted|kafka_failed"}`: `POST /api/user` answered 202, or 503
///   because Kafka did not acknowledge every message in time;
/// - `user_submission_messages_produced_total`: messages Kafka acknowledged;
/// - `user_submission_messages_consumed_total{result="applied|redelivered|ignored|dead_letter"}`:
///   messages the consumer committed, by what it did with them;
/// - `user_submission_users_total{result="stored|rejected"}`: users the consumer stored or refused;
/// - `user_submission_apply_failures_total`: transactions that failed and were retried (PostgreSQL down).
enum SubmissionMetrics {
    static let accepted = submissions("accepted")
    static let kafkaFailed = submissions("kafka_failed")
    static let produced = PrometheusMetrics.registry.makeCounter(
        descriptor: MetricNameDescriptor(
            metricName: "user_submission_messages_produced", unitName: "total",
            helpText: "Messages of user submissions that Kafka acknowledged"))
    static let applied = consumed("applied")
    static let redelivered = consumed("redelivered")
    static let ignored = consumed("ignored")
    static let deadLettered = consumed("dead_letter")
    static let stored = users("stored")
    static let rejected = users("rejected")
    static let applyFailures = PrometheusMetrics.registry.makeCounter(
        descriptor: MetricNameDescriptor(
            metricName: "user_submission_apply_failures", unitName: "total",
            helpText: "Transactions of the submission consumer that failed and were retried"))

    private static func submissions(_ result: String) -> Counter {
        PrometheusMetrics.registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "user_submissions", unitName: "total", helpText: "POST /api/user answers, by result"),
            labels: [("result", result)])
    }

    private static func consumed(_ result: String) -> Counter {
        PrometheusMetrics.registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "user_submission_messages_consumed", unitName: "total",
                helpText: "Messages the submission consumer committed, by outcome"),
            labels: [("result", result)])
    }

    private static func users(_ result: String) -> Counter {
        PrometheusMetrics.registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "user_submission_users", unitName: "total",
                helpText: "Submitted users the consumer stored or refused"),
            labels: [("result", result)])
    }
}
