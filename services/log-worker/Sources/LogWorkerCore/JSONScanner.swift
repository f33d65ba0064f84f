import Foundation

/// A strict, allocation-light reader of JSON text (RFC 8259, UTF-8) for ``LogMessageReader``:
/// it reads the values the reader asks for and validates the ones it skips, so that a document it
/// gets through is a valid JSON document.
///
/// It throws ``Unreadable`` at the first thing it does not accept, without saying why: its caller
/// then hands the document to `ContractCoding`, whose error names the position and the field. It
/// rejects a little more than JSON forbids (nesting deeper than ``maximumDepth``, a number too
/// large for a `Double`, a lone UTF-16 surrogate in an escape, a key repeated in an object),
/// exactly where the contracts' decoder also refuses or could read the value differently
/// (Foundation keeps the first of repeated keys, PostgreSQL's jsonb the last).
struct JSONScanner {
    /// Not JSON, or not what the caller expected here.
    struct Unreadable: Error {}

    /// Below Foundation's limit of 512, so that nothing the contracts refuse for depth gets through.
    static let maximumDepth = 500

    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    var index = 0
    /// The keys of the objects being skipped, innermost last: their unescaped bytes, and where
    /// each one is in them. To refuse a repeated key, which Foundation and PostgreSQL resolve
    /// differently (the first or the last wins).
    var keyBytes: [UInt8] = []
    var keys: [(bytes: Range<Int>, isASCII: Bool)] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: structure

    /// Continues reading at `position` (a place an earlier read passed).
    mutating func move(to position: Int) {
        index = position
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte that is not whitespace, not consumed.
    mutating func peek() throws(Unreadable) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw Unreadable() }
        return bytes[index]
    }

    mutating func consume(_ byte: UInt8) throws(Unreadable) {
        guard try peek() == byte else { throw Unreadable() }
        index += 1
    }

    /// True at the end of the text, whitespace aside.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return index == bytes.count
    }

    /// Consumes `null` if it comes next.
    mutating func consumeNull() throws(Unreadable) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// The key of the next member of the object being read (its value comes next), or nil after
    /// the closing brace. Call it after consuming `{`, with `first` true before the first member.
    mutating func nextMember(_ first: inout Bool) throws(Unreadable) -> String? {
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !first { try consume(UInt8(ascii: ",")) }
        first = false
        guard try peek() == UInt8(ascii: "\"") else { throw Unreadable() }
        let key = try readString()
        try consume(UInt8(ascii: ":"))
        return key
    }

    /// Whether another element of the array being read comes next (after `[`, consumed by the
    /// caller); consumes the closing bracket when not.
    mutating func nextElement(_ first: inout Bool) throws(Unreadable) -> Bool {
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return false
        }
        if !first { try consume(UInt8(ascii: ",")) }
        first = false
        return true
    }

    mutating func readInteger() throws(Unreadable) -> Int {
        skipWhitespace()
        let start = index
        var value = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { throw Unreadable() }
            value = product + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start, index - start == 1 || bytes[start] != UInt8(ascii: "0") else { throw Unreadable() }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            throw Unreadable()
        }
        return value
    }

    private mutating func literal(_ text: StaticString) throws(Unreadable) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Unreadable() }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { throw Unreadable() }
        index += count
    }

    /// A number: the JSON grammar, and finite as a `Double` (the contracts read numbers as `Double`).
    private mutating func skipNumber() throws(Unreadable) {
        let start = index
        func digits(_ scanner: inout JSONScanner) -> Int {
            let first = scanner.index
            while scanner.index < scanner.bytes.count,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(scanner.bytes[scanner.index])
            {
                scanner.index += 1
            }
            return scanner.index - first
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw Unreadable() }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits(&self) > 0 else { throw Unreadable() }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw Unreadable() }
        }
        var hasExponent = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            hasExponent = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits(&self) > 0 else { throw Unreadable() }
        }
        // Without an exponent, only a number of more than 308 digits overflows a Double.
        if hasExponent || index - start > 300 {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw Unreadable() }
        }
    }

    /// Any value, validated and skipped; `depth` counts the containers around it.
    mutating func skipValue(depth: Int) throws(Unreadable) {
        guard depth < Self.maximumDepth else { throw Unreadable() }
        switch try peek() {
        case UInt8(ascii: "{"):
            index += 1
            let firstKey = keys.count
            defer {
                if firstKey < keys.count {
                    keyBytes.removeSubrange(keys[firstKey].bytes.lowerBound...)
                    keys.removeSubrange(firstKey...)
                }
            }
            var first = true
            while try peek() != UInt8(ascii: "}") {
                if !first { try consume(UInt8(ascii: ",")) }
                first = false
                try skipKey(after: firstKey)
                try consume(UInt8(ascii: ":"))
                try skipValue(depth: depth + 1)
            }
            index += 1
        case UInt8(ascii: "["):
            index += 1
            var first = true
            while try nextElement(&first) { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
        default:
            throw Unreadable()
        }
    }
}
