import CRdKafka

/// Enqueues one record with `rd_kafka_produceva` (the non-variadic form of `rd_kafka_producev`,
/// which Swift cannot call). Never blocks: a full queue is reported as `_QUEUE_FULL`.
enum ProduceCall {
    typealias Failure = (code: KafkaErrorCode, reason: String)

    /// Returns `nil` once librdkafka has the record (it copied key, value and headers), else its error.
    static func enqueue(_ message: KafkaProducerMessage, id: UInt, on handle: OpaquePointer) -> Failure? {
        let headers = makeHeaders(message.headers)
        let failure = message.topic.withCString { topic in
            message.value.withUnsafeBytes { value in
                withOptionalBytes(message.key) { key in
                    produce(
                        on: handle, topic: topic, partition: message.partition ?? RD_KAFKA_PARTITION_UA,
                        value: value, key: key, headers: headers, id: id)
                }
            }
        }
        // On success the record owns the headers; on failure they are still ours.
        if failure != nil, let headers { rd_kafka_headers_destroy(headers) }
        return failure
    }

    private static func produce(
        on handle: OpaquePointer, topic: UnsafePointer<CChar>, partition: Int32, value: UnsafeRawBufferPointer,
        key: UnsafeRawBufferPointer?, headers: OpaquePointer?, id: UInt
    ) -> Failure? {
        // On the stack: a send allocates nothing of its own for the call.
        withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { arguments in
            var count = 0
            func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                var argument = rd_kafka_vu_t()
                argument.vtype = type
                fill(&argument)
                arguments.initializeElement(at: count, to: argument)
                count += 1
            }
            add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
            add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
            add(RD_KAFKA_VTYPE_VALUE) {
                $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                $0.u.mem.size = value.count
            }
            if let key {
                add(RD_KAFKA_VTYPE_KEY) {
                    $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                    $0.u.mem.size = key.count
                }
            }
            // F_COPY: librdkafka copies the value, so it may be released when this returns.
            add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
            add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: id) }
            if let headers { add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers } }
            // rd_kafka_vu_t is a plain C struct: nothing to deinitialize afterwards.
            guard let error = rd_kafka_produceva(handle, arguments.baseAddress, count) else { return nil }
            defer { rd_kafka_error_destroy(error) }
            return (KafkaErrorCode(rd_kafka_error_code(error)), String(cString: rd_kafka_error_string(error)))
        }
    }

    private static func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let list = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            // rd_kafka_header_add copies name and value; a nil value stays a null header value.
            _ = withOptionalBytes(header.value) { value in
                rd_kafka_header_add(list, header.name, -1, value?.baseAddress, value?.count ?? 0)
            }
        }
        return list
    }

    private static func withOptionalBytes<Result>(
        _ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Result
    ) -> Result {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBytes { body($0) }
    }
}
