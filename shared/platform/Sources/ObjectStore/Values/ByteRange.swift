/// Which bytes of an object to download (HTTP `Range: bytes=…`), 0-based and inclusive like HTTP.
public struct ByteRange: Sendable, Hashable, CustomStringConvertible {
    enum Form: Sendable, Hashable {
        case closed(first: Int, last: Int)
        case from(first: Int)
        case suffix(length: Int)
    }

    let form: Form

    /// Bytes `first` to `last`, both included; a `last` past the end stops at the end.
    public static func bytes(_ range: ClosedRange<Int>) -> ByteRange {
        precondition(range.lowerBound >= 0, "a byte range starts at 0 or later")
        return ByteRange(form: .closed(first: range.lowerBound, last: range.upperBound))
    }

    /// From byte `first` to the end.
    public static func from(_ first: Int) -> ByteRange {
        precondition(first >= 0, "a byte range starts at 0 or later")
        return ByteRange(form: .from(first: first))
    }

    /// The last `length` bytes.
    public static func suffix(_ length: Int) -> ByteRange {
        precondition(length > 0, "a suffix range has at least one byte")
        return ByteRange(form: .suffix(length: length))
    }

    /// The `Range` header's value.
    public var description: String {
        switch form {
        case .closed(let first, let last): return "bytes=\(first)-\(last)"
        case .from(let first): return "bytes=\(first)-"
        case .suffix(let length): return "bytes=-\(length)"
        }
    }
}

/// What a ranged download holds (`Content-Range: bytes first-last/total`).
public struct ContentRange: Sendable, Hashable {
    public let first: Int
    public let last: Int
    /// The whole object's size, when the server said it.
    public let total: Int?

    public init(first: Int, last: Int, total: Int?) {
        self.first = first
        self.last = last
        self.total = total
    }

    /// Parses `bytes 0-9/443` (or `bytes 0-9/*`).
    public init?(header: String) {
        guard header.hasPrefix("bytes ") else { return nil }
        let spec = header.dropFirst("bytes ".count)
        let parts = spec.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let bounds = parts[0].split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let first = Int(bounds[0]), let last = Int(bounds[1]), first <= last else {
            return nil
        }
        self.init(first: first, last: last, total: parts[1] == "*" ? nil : Int(parts[1]))
    }
}
