import CRdKafka
import Logging

/// What the callbacks librdkafka invokes need to know. librdkafka holds a pointer to this object as
/// its `opaque`; ``RdKafkaClient`` keeps it alive until `rd_kafka_destroy` has returned, after which
/// no callback runs. Callbacks run on librdkafka's own threads (logs) or on the thread that polls.
final class RdKafkaCallbacks: Sendable {
    typealias RebalanceHandler =
        @Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void

    let logger: Logger
    /// Producers: called once per record from `rd_kafka_poll`, on the poll thread.
    let onDelivery: (@Sendable (DeliveryOutcome) -> Void)?
    /// Consumers: called from `rd_kafka_consumer_poll` / `rd_kafka_consumer_close`, on the consumer
    /// thread; it must assign or unassign before returning.
    let onRebalance: RebalanceHandler?
    /// Errors librdkafka cannot recover from (e.g. the idempotent producer lost its sequence).
    let onFatalError: (@Sendable (KafkaErrorCode, String) -> Void)?

    init(
        logger: Logger, onDelivery: (@Sendable (DeliveryOutcome) -> Void)? = nil,
        onRebalance: RebalanceHandler? = nil, onFatalError: (@Sendable (KafkaErrorCode, String) -> Void)? = nil
    ) {
        self.logger = logger
        self.onDelivery = onDelivery
        self.onRebalance = onRebalance
        self.onFatalError = onFatalError
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RdKafkaCallbacks? {
        opaque.map { Unmanaged<RdKafkaCallbacks>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Installs the C trampolines on `conf`; the opaque must already point at this object.
    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_log_cb(conf) { handle, level, facility, text in
            guard let handle, let callbacks = RdKafkaCallbacks.from(rd_kafka_opaque(handle)) else { return }
            callbacks.log(level: level, facility: facility, text: text, client: rd_kafka_name(handle))
        }
        rd_kafka_conf_set_error_cb(conf) { handle, code, reason, opaque in
            guard let handle, let callbacks = RdKafkaCallbacks.from(opaque) else { return }
            callbacks.error(handle: handle, code: code, reason: reason.map { String(cString: $0) } ?? "")
        }
        if onDelivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message, let callbacks = RdKafkaCallbacks.from(opaque) else { return }
                callbacks.onDelivery?(DeliveryOutcome(message.pointee))
            }
        }
        if onRebalance != nil {
            rd_kafka_conf_set_rebalance_cb(conf) { handle, code, partitions, opaque in
                guard let handle, let partitions, let callbacks = RdKafkaCallbacks.from(opaque) else { return }
                callbacks.onRebalance?(handle, code, partitions)
            }
        }
    }

    private func log(
        level: Int32, facility: UnsafePointer<CChar>?, text: UnsafePointer<CChar>?, client: UnsafePointer<CChar>?
    ) {
        // syslog levels: 0–2 critical, 3 error, 4 warning, 5–6 notice/info, 7 debug
        let swiftLevel: Logger.Level =
            switch level {
            case ...2: .critical
            case 3: .error
            case 4: .warning
            case 5, 6: .info
            default: .debug
            }
        logger.log(
            level: swiftLevel, "\(text.map { String(cString: $0) } ?? "")",
            metadata: [
                "kafka.client": "\(client.map { String(cString: $0) } ?? "")",
                "kafka.facility": "\(facility.map { String(cString: $0) } ?? "")",
            ])
    }

    private func error(handle: OpaquePointer, code: Int32, reason: String) {
        guard code == RD_KAFKA_RESP_ERR__FATAL.rawValue else {
            // librdkafka retries these itself (brokers down, connections refused): worth a warning only.
            logger.warning(
                "kafka client error: \(reason)",
                metadata: ["kafka.error": "\(KafkaErrorCode(rawValue: code).name)"])
            return
        }
        var text = [CChar](repeating: 0, count: 512)
        let fatalCode = KafkaErrorCode(rd_kafka_fatal_error(handle, &text, text.count))
        let fatalReason = cString(text)
        logger.critical("kafka fatal error: \(fatalReason)", metadata: ["kafka.error": "\(fatalCode.name)"])
        onFatalError?(fatalCode, fatalReason)
    }
}

/// The text in a NUL-terminated buffer librdkafka wrote into.
func cString(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { pointer in
        pointer.baseAddress.map { String(cString: $0) } ?? ""
    }
}
