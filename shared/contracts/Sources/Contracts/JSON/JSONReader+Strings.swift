/// Strings: read (unescaped), skipped (validated), and the keys of skipped objects (checked for repeats).
extension JSONReader {
    /// A string, unescaped.
    public mutating func readString() throws(JSONSyntaxError) -> String {
        guard peek() == UInt8(ascii: "\"") else {
            throw JSONSyntaxError(offset: index, reason: .unexpectedKind(expected: "a string"))
        }
        index += 1
        let start = index
        var isASCII = true
        // The common case: no escape. Find the closing quote.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if !isASCII { try validateUTF8(from: start, to: index) }
                index += 1
                return String(decoding: raw, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { try refuseControlCharacter(after: start, isASCII: isASCII) }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        if !isASCII { try validateUTF8(from: start, to: index) }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        try decodeStringRest(into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Skips a string (at its opening quote), validating it.
    public mutating func skipString() throws(JSONSyntaxError) {
        index += 1
        var start = index
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if !isASCII { try validateUTF8(from: start, to: index) }
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                if !isASCII { try validateUTF8(from: start, to: index) }
                _ = try readEscape()
                start = index
                isASCII = true
                continue
            }
            if byte < 0x20 { try refuseControlCharacter(after: start, isASCII: isASCII) }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        if !isASCII { try validateUTF8(from: start, to: index) }
        throw JSONSyntaxError(offset: index, reason: .unterminatedString)
    }

    /// The rest of a string from ``index`` (after the opening quote, or after a plain run the caller copied),
    /// unescaped into `decoded`, through the closing quote.
    @usableFromInline
    mutating func decodeStringRest(into decoded: inout [UInt8]) throws(JSONSyntaxError) {
        var runStart = index
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                if !isASCII { try validateUTF8(from: runStart, to: index) }
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                return
            case UInt8(ascii: "\\"):
                if !isASCII { try validateUTF8(from: runStart, to: index) }
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                let scalar = try readEscape()
                if scalar.isASCII {
                    decoded.append(UInt8(scalar.value))
                } else {
                    decoded.append(contentsOf: UTF8.encode(scalar)!)
                }
                runStart = index
                isASCII = true
            case ..<0x20:
                try refuseControlCharacter(after: runStart, isASCII: isASCII)
            default:
                if byte >= 0x80 { isASCII = false }
                index += 1
            }
        }
        if !isASCII { try validateUTF8(from: runStart, to: index) }
        throw JSONSyntaxError(offset: index, reason: .unterminatedString)
    }

    /// At a backslash: the character of one escape; ``index`` moves past it.
    @usableFromInline
    mutating func readEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let start = index
        index += 1
        guard index < bytes.count else { throw JSONSyntaxError(offset: index, reason: .unterminatedString) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            var scalar = try readHex4(escapeStart: start)
            if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONSyntaxError(offset: start, reason: .loneLowSurrogate)
            }
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                let lowStart = index
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw JSONSyntaxError(offset: start, reason: .loneHighSurrogate) }
                index += 2
                let low = try readHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(offset: start, reason: .loneHighSurrogate)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            return Unicode.Scalar(scalar)!
        default:
            throw JSONSyntaxError(offset: start, reason: .invalidEscape)
        }
    }

    @usableFromInline
    mutating func readHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw JSONSyntaxError(offset: escapeStart, reason: .shortUnicodeEscape) }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError(offset: escapeStart, reason: .shortUnicodeEscape)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// At a control character in a string: refuses it, unless invalid UTF-8 came first in the run since
    /// `start` (problems are reported in reading order).
    @usableFromInline
    func refuseControlCharacter(after start: Int, isASCII: Bool) throws(JSONSyntaxError) -> Never {
        if !isASCII { try validateUTF8(from: start, to: index) }
        throw JSONSyntaxError(offset: index, reason: .controlCharacter)
    }

    /// Refuses `bytes[start..<end]` unless it is valid UTF-8, naming the first byte at fault.
    @usableFromInline
    func validateUTF8(from start: Int, to end: Int) throws(JSONSyntaxError) {
        let run = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard !UTF8Check.isValid(run) else { return }
        var position = start
        while position < end {
            let length = UTF8Check.sequenceLength(UnsafeBufferPointer(rebasing: bytes[..<end]), at: position)
            if length == 0 { break }
            position += length
        }
        throw JSONSyntaxError(offset: position, reason: .invalidUTF8)
    }

    /// A key of an object being skipped whose keys so far are `keys[firstKey...]`: refused when it is one of
    /// them again. Keys compare as Swift strings (as Foundation compares them) when either is not ASCII.
    @usableFromInline
    mutating func skipKey(after firstKey: Int) throws(JSONSyntaxError) {
        guard peek() == UInt8(ascii: "\"") else { throw JSONSyntaxError(offset: index, reason: .expectedKey) }
        let keyOffset = index
        index += 1
        // Decoded into a local array: `keyBytes` is part of `self`, which the decoding mutates too.
        var decoded: [UInt8] = []
        swap(&decoded, &keyBytes)
        let start = decoded.count
        do {
            try decodeStringRest(into: &decoded)
        } catch {
            swap(&decoded, &keyBytes)
            throw error
        }
        swap(&decoded, &keyBytes)
        let key = start..<keyBytes.count
        var isASCII = true
        for byte in keyBytes[key] where byte >= 0x80 {
            isASCII = false
            break
        }
        for other in keys[firstKey...] where isSameKey(other.bytes, key, ascii: other.isASCII && isASCII) {
            throw JSONSyntaxError(
                offset: keyOffset, reason: .duplicateKey(String(decoding: keyBytes[key], as: UTF8.self)))
        }
        keys.append(SkippedKey(bytes: key, isASCII: isASCII))
    }

    @usableFromInline
    func isSameKey(_ one: Range<Int>, _ other: Range<Int>, ascii: Bool) -> Bool {
        if ascii { return keyBytes[one].elementsEqual(keyBytes[other]) }
        return String(decoding: keyBytes[one], as: UTF8.self) == String(decoding: keyBytes[other], as: UTF8.self)
    }
}
