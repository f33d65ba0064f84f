import Crypto
import Foundation

/// Encrypts e-mail addresses for storage with AES-256-GCM.
///
/// Guarantees: ``seal(_:userID:)`` returns nonce (12 bytes) + ciphertext + tag (16 bytes). The nonce
/// is synthetic (HMAC-SHA256 of the user id and the address under the key), so sealing the same
/// address of the same user again gives the same bytes, which lets an upsert see that nothing
/// changed; two different plaintexts never share a nonce, and equal addresses of different users
/// look unrelated. ``open(_:)`` returns the address only if the bytes were sealed with the same key
/// and not altered, and throws otherwise.
public struct EmailCipher: Sendable {
    /// A 256-bit key.
    public struct Key: Sendable {
        let symmetricKey: SymmetricKey

        /// The key in `base64`, or nil unless it decodes to exactly 32 bytes.
        public init?(base64: String) {
            guard let data = Data(base64Encoded: base64), data.count == 32 else { return nil }
            symmetricKey = SymmetricKey(data: data)
        }
    }

    /// A fixed key for local development and tests only: it is public, so it protects nothing.
    /// `USER_EMAIL_KEY` replaces it.
    public static let developmentKey = Key(base64: "dHJpYnV0YXJ5LWRldmVsb3BtZW50LWtleS0wMDAwMDA=")!

    private let key: Key
    /// HMAC-SHA256 already keyed: each seal copies it (copy-on-write digest state) instead of
    /// hashing the key again, a measurable share of the ingest consumer's CPU per user.
    private let keyedMAC: HMAC<SHA256>

    public init(key: Key) {
        self.key = key
        self.keyedMAC = HMAC<SHA256>(key: key.symmetricKey)
    }

    /// The sealed form of user `userID`'s `email`: nonce + ciphertext + tag.
    public func seal(_ email: String, userID: Int64) throws -> [UInt8] {
        let plain = Data(email.utf8)
        var mac = keyedMAC
        withUnsafeBytes(of: userID.bigEndian) { mac.update(data: $0) }
        mac.update(data: plain)
        let nonce = try AES.GCM.Nonce(data: Array(mac.finalize()).prefix(12))
        let box = try AES.GCM.seal(plain, using: key.symmetricKey, nonce: nonce)
        guard let combined = box.combined else { throw EmailCipherError.cannotSeal }
        return Array(combined)
    }

    /// The address sealed in `bytes`; throws when they were sealed with another key or altered.
    public func open(_ bytes: [UInt8]) throws -> String {
        let box = try AES.GCM.SealedBox(combined: bytes)
        let plain = try AES.GCM.open(box, using: key.symmetricKey)
        guard let email = String(data: plain, encoding: .utf8) else { throw EmailCipherError.notUTF8 }
        return email
    }
}

/// Why an e-mail address could not be sealed or opened.
public enum EmailCipherError: Error, Sendable {
    case cannotSeal
    case notUTF8
}
