import CRabbitMQ

extension AMQPTable {
    /// A Swift copy of a table rabbitmq-c decoded; the C memory may be released afterwards.
    init(_ table: amqp_table_t) {
        var entries: [Entry] = []
        entries.reserveCapacity(Int(table.num_entries))
        for index in 0..<Int(Swift.max(0, table.num_entries)) {
            guard let entry = table.entries?[index] else { break }
            entries.append(Entry(key: String(amqpBytes: entry.key), value: AMQPFieldValue(entry.value)))
        }
        self.init(entries)
    }
}

extension AMQPFieldValue {
    init(_ field: amqp_field_value_t) {
        let value = field.value
        switch Unicode.Scalar(field.kind) {
        case "t": self = .bool(value.boolean != 0)
        case "b": self = .int8(value.i8)
        case "B": self = .uint8(value.u8)
        case "s", "U": self = .int16(value.i16)
        case "u": self = .uint16(value.u16)
        case "I": self = .int32(value.i32)
        case "i": self = .uint32(value.u32)
        case "l": self = .int64(value.i64)
        case "L": self = .uint64(value.u64)
        case "f": self = .float(value.f32)
        case "d": self = .double(value.f64)
        case "D": self = .decimal(scale: value.decimal.decimals, value: value.decimal.value)
        case "S": self = .string(String(amqpBytes: value.bytes))
        case "x": self = .bytes([UInt8](amqpBytes: value.bytes))
        case "T": self = .timestamp(value.u64)
        case "A":
            let array = value.array
            self = .array(
                (0..<Int(Swift.max(0, array.num_entries))).compactMap { index in
                    array.entries.map { AMQPFieldValue($0[index]) }
                })
        case "F": self = .table(AMQPTable(value.table))
        default: self = .void
        }
    }
}

extension String {
    /// Copies bytes rabbitmq-c owns into a Swift string (invalid UTF-8 is repaired, not dropped).
    init(amqpBytes bytes: amqp_bytes_t) {
        guard let base = bytes.bytes, bytes.len > 0 else {
            self = ""
            return
        }
        self = String(decoding: UnsafeRawBufferPointer(start: base, count: bytes.len), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Copies bytes rabbitmq-c owns.
    init(amqpBytes bytes: amqp_bytes_t) {
        guard let base = bytes.bytes, bytes.len > 0 else {
            self = []
            return
        }
        self = Array(UnsafeRawBufferPointer(start: base, count: bytes.len))
    }
}
