/// What counts as an e-mail address everywhere in Tributary (CSV rows, `POST /users`, user-api):
/// a plausibility check, not RFC 5322. One `@`, a non-empty local part, a domain of at least two
/// non-empty dot-separated labels, no spaces or control characters, at most 254 bytes (the longest
/// address SMTP can carry). Works on the UTF-8 bytes: it runs for every row of files with millions.
public enum EmailAddressRule {
    public static let maximumBytes = 254

    /// Why `text` is not a plausible e-mail address ("expected exactly one @"), or nil.
    public static func problem(_ text: String) -> String? {
        let bytes = text.utf8
        if bytes.isEmpty { return "empty" }
        if bytes.count > maximumBytes { return "longer than \(maximumBytes) bytes" }
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
        // Labels counted in one pass (no array of them: this runs for every row of a file).
        var labels = 1
        var labelBytes = 0
        for byte in domain {
            if byte == UInt8(ascii: ".") {
                if labelBytes == 0 { return "the domain is not a dotted name" }
                labels += 1
                labelBytes = 0
            } else {
                labelBytes += 1
            }
        }
        if labels < 2 || labelBytes == 0 { return "the domain is not a dotted name" }
        return nil
    }

    /// The violation of `text` in `field`, or nil. The address is not echoed back.
    public static func violation(_ text: String, field: String) -> RuleViolation? {
        problem(text).map { RuleViolation(field: field, problem: "is not an e-mail address: \($0)") }
    }
}
