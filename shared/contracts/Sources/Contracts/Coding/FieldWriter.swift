/// Writes the fields of one JSON object in the contract's representation; absent optionals are written as `null`.
struct FieldWriter<Key: CodingKey> {
    private var container: KeyedEncodingContainer<Key>

    init(_ encoder: any Encoder, keyedBy type: Key.Type) {
        container = encoder.container(keyedBy: Key.self)
    }

    mutating func encode<T: FieldValue>(_ value: T, _ key: Key) throws {
        try value.encodeField(into: &container, forKey: key)
    }

    mutating func encode<T: FieldValue>(_ value: T?, _ key: Key) throws {
        if let value {
            try value.encodeField(into: &container, forKey: key)
        } else {
            try container.encodeNil(forKey: key)
        }
    }

    /// A nested value that writes itself, such as an envelope's payload.
    mutating func encodeNested<T: Encodable>(_ value: T, _ key: Key) throws {
        try container.encode(value, forKey: key)
    }
}
