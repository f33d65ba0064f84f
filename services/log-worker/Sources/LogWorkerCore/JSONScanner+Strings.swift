/// Strings: read (unescaped), skipped (validated), and the keys of skipped objects (checked for
/// repeats).
extension JSONScanner {
    /// A string, unescaped.
    mutating func readString() throws(Unreadable) -> String {
        try consume(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                guard UTF8Validation.isValid(raw) else { throw Unreadable() }
                return String(decoding: raw, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw Unreadable() }
            index += 1
        }
        // Escapes: decode into a buffer from the start.
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while true {
            guard index < bytes.count else { throw Unreadable() }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: decoded, as: UTF8.self) else { throw Unreadable() }
                return string
            case UInt8(ascii: "\\"):
                try readEscape(into: &decoded)
            case ..<0x20:
                throw Unreadable()
            default:
                decoded.append(byte)
            }
        }
    }

    /// A string that must be skipped but be valid.
    mutating func skipString() throws(Unreadable) {
        try consume(UInt8(ascii: "\""))
        var start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) else {
                    throw Unreadable()
                }
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                guard UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) else {
                    throw Unreadable()
                }
                index += 1
                _ = try readEscape() as Unicode.Scalar
                start = index
                continue
            }
            guard byte >= 0x20 else { throw Unreadable() }
            index += 1
        }
        throw Unreadable()
    }

    /// A key of an object being skipped, whose keys so far are `keys[firstKey...]`: refused when it
    /// is one of them again. Keys compare as Foundation compares them, as Swift strings (where
    /// "K" and KELVIN SIGN are the same), whenever one of the two is not ASCII.
    mutating func skipKey(after firstKey: Int) throws(Unreadable) {
        try consume(UInt8(ascii: "\""))
        let start = keyBytes.count
        while true {
            guard index < bytes.count else { throw Unreadable() }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                let key = start..<keyBytes.count
                let isASCII = keyBytes[key].allSatisfy { $0 < 0x80 }
                guard isASCII || keyBytes[key].withUnsafeBufferPointer(UTF8Validation.isValid) else {
                    throw Unreadable()
                }
                for other in keys[firstKey...] where isSameKey(other.bytes, key, ascii: other.isASCII && isASCII) {
                    throw Unreadable()
                }
                keys.append((key, isASCII))
                return
            case UInt8(ascii: "\\"):
                keyBytes.append(contentsOf: UTF8.encode(try readEscape())!)
            case ..<0x20:
                throw Unreadable()
            default:
                keyBytes.append(byte)
            }
        }
    }

    func isSameKey(_ one: Range<Int>, _ other: Range<Int>, ascii: Bool) -> Bool {
        if ascii { return keyBytes[one].elementsEqual(keyBytes[other]) }
        return String(decoding: keyBytes[one], as: UTF8.self) == String(decoding: keyBytes[other], as: UTF8.self)
    }

    /// After a backslash: one escape, appended as UTF-8.
    mutating func readEscape(into output: inout [UInt8]) throws(Unreadable) {
        output.append(contentsOf: UTF8.encode(try readEscape())!)
    }

    /// After a backslash: the character of one escape.
    mutating func readEscape() throws(Unreadable) -> Unicode.Scalar {
        guard index < bytes.count else { throw Unreadable() }
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
            var scalar = UInt32(try readHex4())
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw Unreadable() }
                index += 2
                let low = UInt32(try readHex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw Unreadable() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw Unreadable()
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Unreadable() }
            return unicode
        default:
            throw Unreadable()
        }
    }

    mutating func readHex4() throws(Unreadable) -> UInt16 {
        guard index + 4 <= bytes.count else { throw Unreadable() }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unreadable()
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    /// A non-negative integer written with digits only (no sign, fraction or exponent).
}
