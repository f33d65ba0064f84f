/// Short excerpts of input for error messages: what stands at an offset, and quoted strings.
public enum JSONExcerpt {
    /// At most this many Unicode scalars of an input string appear in a message.
    public static let limit = 40

    /// `'x'`, `U+0009`, `the end of the document`, or `an invalid UTF-8 byte`; a word that starts there is
    /// shown whole (up to 20 letters): `'nul'`, `'True'`.
    public static func describe(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> String {
        guard position < bytes.count else { return "the end of the document" }
        let byte = bytes[position]
        if byte < 0x20 || byte == 0x7F {
            return "U+" + hex4(UInt32(byte))
        }
        if byte < 0x80 {
            var end = position
            while end < bytes.count, end - position < 20, isLetter(bytes[end]) { end += 1 }
            if end > position + 1 {
                return "'" + String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self) + "'"
            }
            return "'" + String(UnicodeScalar(byte)) + "'"
        }
        let length = UTF8Check.sequenceLength(bytes, at: position)
        guard length > 0 else { return "an invalid UTF-8 byte" }
        return "'" + String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self)
            + "'"
    }

    /// The string in double quotes, escaped as ``JSONWriter`` escapes it, cut to ``limit`` scalars with a
    /// trailing `…`.
    public static func quoted(_ string: String) -> String {
        var shown = string
        var count = 0
        var end = string.unicodeScalars.startIndex
        while end != string.unicodeScalars.endIndex, count < limit {
            string.unicodeScalars.formIndex(after: &end)
            count += 1
        }
        let cut = end != string.unicodeScalars.endIndex
        if cut { shown = String(string.unicodeScalars[..<end]) }
        var writer = JSONWriter()
        writer.string(shown)
        var text = String(decoding: writer.bytes, as: UTF8.self)
        if cut { text.insert("…", at: text.index(before: text.endIndex)) }
        return text
    }

    /// `0041` for 0x41.
    public static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
