import Foundation

/// Where the next page of `GET /logs` starts: the `(ts, id)` of the last row of the previous one.
/// Rows come newest first by `(ts, id)`, so the next page holds the rows strictly below it.
///
/// Guarantees: ``token`` is opaque to clients (URL-safe base64 without padding, 34 characters) and
/// ``init(token:)`` reads back exactly the cursor that wrote it; anything else is rejected, so a
/// damaged cursor is a 400, never a silently different page. The first byte is a format version.
public struct LogCursor: Sendable, Hashable {
    public let timestamp: LogTime
    public let id: UUID

    static let version: UInt8 = 1
    static let byteCount = 1 + 8 + 16

    public init(timestamp: LogTime, id: UUID) {
        self.timestamp = timestamp
        self.id = id
    }

    public var token: String {
        var bytes: [UInt8] = [Self.version]
        bytes.reserveCapacity(Self.byteCount)
        withUnsafeBytes(of: timestamp.microsecondsSince1970.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: id.uuid) { bytes.append(contentsOf: $0) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The cursor `token` was written from, or nil when it is not one.
    public init?(token: String) {
        guard token.utf8.count == 34,
            token.utf8.allSatisfy({ byte in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            })
        else { return nil }
        let standard = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=="
        guard let data = Data(base64Encoded: standard), data.count == Self.byteCount, data.first == Self.version
        else { return nil }
        let bytes = Array(data)
        var microseconds: UInt64 = 0
        for byte in bytes[1..<9] { microseconds = microseconds << 8 | UInt64(byte) }
        let uuid = bytes[9..<25]
        self.init(
            timestamp: LogTime(microsecondsSince1970: Int64(bitPattern: microseconds)),
            id: UUID(
                uuid: (
                    uuid[9], uuid[10], uuid[11], uuid[12], uuid[13], uuid[14], uuid[15], uuid[16], uuid[17], uuid[18],
                    uuid[19], uuid[20], uuid[21], uuid[22], uuid[23], uuid[24]
                )))
        // The last character carries 4 unused bits: only the canonical spelling is accepted.
        guard self.token == token else { return nil }
    }
}
