import Foundation
import Testing

@testable import QueryServiceCore

@Suite("LogCursor: opaque, exact, strict", .timeLimit(.minutes(1)))
struct LogCursorTests {
    static let cursor = LogCursor(
        timestamp: LogTime(microsecondsSince1970: 1_772_359_200_123_456),
        id: UUID(uuidString: "0F8E2A4C-1B3D-4E5F-8A9B-0C1D2E3F4A5B")!)

    @Test func roundTripsExactly() throws {
        let token = Self.cursor.token
        #expect(token.count == 34)
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(LogCursor(token: token) == Self.cursor)
        for micros: Int64 in [0, -1, .min, .max, 1] {
            let cursor = LogCursor(timestamp: LogTime(microsecondsSince1970: micros), id: UUID())
            #expect(LogCursor(token: cursor.token) == cursor)
        }
    }

    @Test func rejectsAnythingElse() {
        let token = Self.cursor.token
        let wrongVersion = Data([2] + [UInt8](repeating: 0, count: 24)).base64EncodedString()
            .replacingOccurrences(of: "=", with: "")
        // The last character's lowest bit is past the 25 bytes: flipping it spells the same bytes.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let last = alphabet.firstIndex(of: token.last!)!
        let otherLastCharacter = String(token.dropLast()) + String(alphabet[last ^ 1])
        for bad in [
            "", "abc", String(token.dropLast()), token + "A",
            token.replacingOccurrences(of: token.prefix(1), with: "+"),
            wrongVersion, otherLastCharacter, String(repeating: "!", count: 34),
        ] {
            #expect(LogCursor(token: bad) == nil, "\(bad)")
        }
    }
}
