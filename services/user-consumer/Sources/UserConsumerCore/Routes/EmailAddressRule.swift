/// What counts as an e-mail address here: the rule `csv-producer publish` applies to each row, so a
/// user posted to the API is held to the same standard as one from a file.
enum EmailAddressRule {
    /// Why `text` is not a plausible e-mail address, or nil: one `@`, a non-empty local part, a
    /// domain of dot-separated labels (at least two), no spaces or control characters, ≤ 254 bytes.
    static func problem(_ text: String) -> String? {
        let bytes = text.utf8
        if bytes.isEmpty { return "empty" }
        if bytes.count > 254 { return "longer than 254 bytes" }
        if bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F })
            || (bytes.contains(where: { $0 >= 0x80 }) && text.unicodeScalars.contains { $0.properties.isWhitespace })
        {
            return "contains spaces or control characters"
        }
        let at = UInt8(ascii: "@")
        guard let atIndex = bytes.firstIndex(of: at), !bytes[bytes.index(after: atIndex)...].contains(at) else {
            return "expected exactly one @"
        }
        if atIndex == bytes.startIndex { return "nothing before the @" }
        let domain = bytes[bytes.index(after: atIndex)...]
        if domain.isEmpty { return "no domain after the @" }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if labels.count < 2 || labels.contains(where: \.isEmpty) { return "the domain is not a dotted name" }
        return nil
    }
}
