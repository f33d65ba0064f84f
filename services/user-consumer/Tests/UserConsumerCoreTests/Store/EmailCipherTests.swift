import Foundation
import Testing

@testable import UserConsumerCore

@Suite("e-mail encryption", .timeLimit(.minutes(1)))
struct EmailCipherTests {
    let cipher = EmailCipher(key: EmailCipher.developmentKey)

    @Test func opensWhatItSealed() throws {
        let sealed = try cipher.seal("ada@example.com", userID: 7)
        #expect(sealed.count == 12 + "ada@example.com".utf8.count + 16)
        #expect(try cipher.open(sealed) == "ada@example.com")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("ada@example.com"))
    }

    @Test func theSameUserAndAddressSealAlike() throws {
        #expect(try cipher.seal("ada@example.com", userID: 7) == cipher.seal("ada@example.com", userID: 7))
        #expect(try cipher.seal("ada@example.com", userID: 7) != cipher.seal("ada@example.com", userID: 8))
        #expect(try cipher.seal("ada@example.com", userID: 7) != cipher.seal("bob@example.com", userID: 7))
    }

    @Test func theNonceIsTheKeyedHMACOfTheUserAndAddress() throws {
        // Pinned (computed with Python's hmac): a changed derivation would make every stored row
        // look changed to the upsert when its user arrives again.
        let sealed = try cipher.seal("ada@example.com", userID: 7)
        #expect(Array(sealed.prefix(12)) == [127, 252, 189, 40, 53, 116, 148, 156, 33, 193, 33, 149])
        // Sealing other users in between leaves the keyed state untouched.
        _ = try cipher.seal("bob@example.com", userID: 8)
        #expect(try cipher.seal("ada@example.com", userID: 7) == sealed)
    }

    @Test func refusesAlteredBytesAndOtherKeys() throws {
        var sealed = try cipher.seal("ada@example.com", userID: 7)
        let otherKey = try #require(EmailCipher.Key(base64: Data(repeating: 1, count: 32).base64EncodedString()))
        #expect(throws: (any Error).self) { try EmailCipher(key: otherKey).open(sealed) }
        sealed[14] ^= 1
        #expect(throws: (any Error).self) { try cipher.open(sealed) }
    }

    @Test func aKeyIsExactly32BytesOfBase64() {
        #expect(EmailCipher.Key(base64: Data(repeating: 1, count: 32).base64EncodedString()) != nil)
        #expect(EmailCipher.Key(base64: Data(repeating: 1, count: 16).base64EncodedString()) == nil)
        #expect(EmailCipher.Key(base64: "not base64!") == nil)
    }
}
