/// The name of one submission in `/api/user/status/{slug}`: 16 random bytes from the system's
/// cryptographically secure generator, in unpadded base64url (22 characters of `A–Z a–z 0–9 - _`):
/// short, safe in a URL without escaping, and too many to guess (2^128).
public enum SubmissionSlug {
    public static let length = 22
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// A new slug.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    static func make(using generator: inout some RandomNumberGenerator) -> String {
        // 22 characters of 6 bits: 132 bits, of which the last 4 are 0 as in base64url of 16 bytes.
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var characters: [UInt8] = []
        characters.reserveCapacity(length)
        for position in 0..<length {
            let bit = position * 6
            let value: UInt64
            if bit + 6 <= 64 {
                value = (high >> UInt64(58 - bit)) & 0x3F
            } else if bit < 64 {
                let fromHigh = 64 - bit
                value = ((high << UInt64(6 - fromHigh)) | (low >> UInt64(58 + fromHigh))) & 0x3F
            } else if bit + 6 <= 128 {
                value = (low >> UInt64(122 - bit)) & 0x3F
            } else {
                value = (low << UInt64(bit + 6 - 128)) & 0x3F
            }
            characters.append(alphabet[Int(value)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Whether `text` can be a slug (the status route answers 404 without a query when not).
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { alphabet.contains($0) }
    }
}
