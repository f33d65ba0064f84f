import Foundation

/// Unique names for the things a test creates on the shared servers (databases, queues, topics,
/// indexes, buckets), so tests running at once never see each other's data.
public enum TestNames {
    /// `prefix` followed by 12 random lowercase hex digits, joined by `separator`. The result is a
    /// valid PostgreSQL identifier, RabbitMQ queue, Kafka topic, index and bucket name as long as
    /// `prefix` is lowercase letters and digits.
    public static func unique(_ prefix: String, separator: String = "_") -> String {
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        return "\(prefix)\(separator)\(suffix)"
    }
}
