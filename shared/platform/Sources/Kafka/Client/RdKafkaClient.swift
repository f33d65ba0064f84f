import CRdKafka

/// One librdkafka client handle (`rd_kafka_t`) with its configuration applied and its callbacks
/// installed. librdkafka documents the handle as thread-safe, which is what allows the threads of
/// one producer or consumer to share it; its owner calls ``destroy()`` once, after the last use.
final class RdKafkaClient: @unchecked Sendable {
    let handle: OpaquePointer
    /// The `client.id`, for error messages.
    let name: String
    private let callbacks: Unmanaged<RdKafkaCallbacks>

    init(kind: rd_kafka_type_t, properties: [String: String], callbacks: RdKafkaCallbacks) throws {
        name = properties["client.id"] ?? "rdkafka"
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaClientError(client: name, operation: .create, message: "rd_kafka_conf_new failed")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        // Sorted, so that a bad property is reported the same way every time.
        for (property, value) in properties.sorted(by: { $0.key < $1.key }) {
            guard rd_kafka_conf_set(conf, property, value, &errorText, errorText.count) == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                throw KafkaConfigurationError(property: property, value: value, reason: cString(errorText))
            }
        }
        let retained = Unmanaged.passRetained(callbacks)
        rd_kafka_conf_set_opaque(conf, retained.toOpaque())
        callbacks.install(on: conf)
        // On success rd_kafka_new owns conf; on failure it is still ours.
        guard let handle = rd_kafka_new(kind, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            retained.release()
            throw KafkaClientError(client: name, operation: .create, message: cString(errorText))
        }
        self.handle = handle
        self.callbacks = retained
    }

    /// Destroys the handle (blocking: it waits for librdkafka's threads), then releases the
    /// callbacks, which no librdkafka thread can reach any more.
    func destroy() {
        rd_kafka_destroy(handle)
        callbacks.release()
    }
}
