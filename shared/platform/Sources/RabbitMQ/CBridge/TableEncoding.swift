import CRabbitMQ

extension ScratchPool {
    /// `table` as rabbitmq-c's `amqp_table_t`, valid until the pool is recycled.
    func table(_ table: AMQPTable) -> amqp_table_t {
        guard !table.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let entries = allocate(amqp_table_entry_t.self, count: table.count)
        for (index, entry) in table.entries.enumerated() {
            entries[index] = amqp_table_entry_t(key: bytes(entry.key), value: field(entry.value))
        }
        return amqp_table_t(num_entries: Int32(table.count), entries: entries)
    }

    func field(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var encoded = amqp_field_value_t()
        switch value {
        case .bool(let flag): encoded.set(kind: "t") { $0.boolean = flag ? 1 : 0 }
        case .int8(let number): encoded.set(kind: "b") { $0.i8 = number }
        case .uint8(let number): encoded.set(kind: "B") { $0.u8 = number }
        case .int16(let number): encoded.set(kind: "s") { $0.i16 = number }
        case .uint16(let number): encoded.set(kind: "u") { $0.u16 = number }
        case .int32(let number): encoded.set(kind: "I") { $0.i32 = number }
        case .uint32(let number): encoded.set(kind: "i") { $0.u32 = number }
        case .int64(let number): encoded.set(kind: "l") { $0.i64 = number }
        case .uint64(let number): encoded.set(kind: "L") { $0.u64 = number }
        case .float(let number): encoded.set(kind: "f") { $0.f32 = number }
        case .double(let number): encoded.set(kind: "d") { $0.f64 = number }
        case .decimal(let scale, let number):
            encoded.set(kind: "D") { $0.decimal = amqp_decimal_t(decimals: scale, value: number) }
        case .string(let text):
            let text = bytes(text)
            encoded.set(kind: "S") { $0.bytes = text }
        case .bytes(let raw):
            let raw = bytes(raw)
            encoded.set(kind: "x") { $0.bytes = raw }
        case .timestamp(let seconds): encoded.set(kind: "T") { $0.u64 = seconds }
        case .array(let values):
            let elements = values.isEmpty ? nil : allocate(amqp_field_value_t.self, count: values.count)
            for (index, element) in values.enumerated() { elements?[index] = field(element) }
            encoded.set(kind: "A") { $0.array = amqp_array_t(num_entries: Int32(values.count), entries: elements) }
        case .table(let nested):
            let nested = table(nested)
            encoded.set(kind: "F") { $0.table = nested }
        case .void: encoded.kind = UInt8(ascii: "V")
        }
        return encoded
    }
}

extension amqp_field_value_t {
    fileprivate mutating func set(kind: Unicode.Scalar, _ assign: (inout __Unnamed_union_value) -> Void) {
        self.kind = UInt8(ascii: kind)
        assign(&value)
    }
}
