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
    static let produced = PrometheusMetrics.counter(
        "user_submission_messages_produced", help: "Messages of user submissions that Kafka acknowledged")
    static let applied = consumed("applied")
    static let redelivered = consumed("redelivered")
    static let ignored = consumed("ignored")
    static let deadLettered = consumed("dead_letter")
    static let stored = users("stored")
    static let rejected = users("rejected")
    static let applyFailures = PrometheusMetrics.counter(
        "user_submission_apply_failures", help: "Transactions of the submission consumer that failed and were retried")

    private static func submissions(_ result: String) -> Counter {
        PrometheusMetrics.counter(
            "user_submissions", help: "POST /api/user answers, by result", label: ("result", result))
    }

    private static func consumed(_ result: String) -> Counter {
        PrometheusMetrics.counter(
            "user_submission_messages_consumed", help: "Messages the submission consumer committed, by outcome",
            label: ("result", result))
    }

    private static func users(_ result: String) -> Counter {
        PrometheusMetrics.counter(
            "user_submission_users", help: "Submitted users the consumer stored or refused", label: ("result", result))
    }
}
