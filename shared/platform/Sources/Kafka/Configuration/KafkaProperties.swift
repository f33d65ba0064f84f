import ServiceKit

/// Builds the librdkafka property map of a client: the settings derived from typed options, then
/// the caller's `additionalProperties`, then the properties a client type guarantees, which
/// `additionalProperties` may repeat but not change.
enum KafkaProperties {
    static func merge(
        derived: [String: String], additional: [String: String], guaranteed: [String: String]
    ) throws(KafkaConfigurationError) -> [String: String] {
        for (property, value) in additional {
            if let required = guaranteed[property], required != value {
                throw KafkaConfigurationError(
                    property: property, value: value, reason: "must be \(required): this client guarantees it")
            }
        }
        return derived.merging(additional) { _, new in new }.merging(guaranteed) { _, new in new }
    }

    static func bootstrapServers(_ brokers: [HostPort]) -> String {
        brokers.map(\.description).joined(separator: ",")
    }

    static func milliseconds(_ duration: Duration) -> String { String(duration.wholeMilliseconds) }
}

extension Duration {
    /// The duration in whole milliseconds, rounded down, as librdkafka's `*.ms` properties take it.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
