/// An AMQP field table: message headers, or the arguments of a queue, exchange or binding.
///
/// Keys keep the order they were added in (the wire order), and a key appears at most once:
/// setting an existing key replaces its value in place.
public struct AMQPTable: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: AMQPFieldValue

        public init(key: String, value: AMQPFieldValue) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var entries: [Entry]

    public init() { entries = [] }

    public init(_ entries: [Entry]) {
        self.entries = []
        for entry in entries { self[entry.key] = entry.value }
    }

    public init(dictionaryLiteral elements: (String, AMQPFieldValue)...) {
        self.init(elements.map { Entry(key: $0.0, value: $0.1) })
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public subscript(key: String) -> AMQPFieldValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            let index = entries.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append(Entry(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// This table with the entries of `other` added; `other` wins where both have a key.
    public func merging(_ other: AMQPTable) -> AMQPTable {
        var merged = self
        for entry in other.entries { merged[entry.key] = entry.value }
        return merged
    }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
}
