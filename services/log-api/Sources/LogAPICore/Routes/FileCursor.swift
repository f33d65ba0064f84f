import Foundation

/// The opaque `cursor` tokens of the file pages: URL-safe base64 without padding of a version byte
/// and the position, as query-service's log cursor. ``FileCursor/listPosition(_:)`` and
/// ``FileCursor/errorIndex(_:)`` read back exactly what ``token(for:)-(FileListPosition)`` wrote and
/// refuse anything else, so a damaged cursor is a 400, never a silently different page.
enum FileCursor {
    static let version: UInt8 = 1

    /// `GET /files`: the (created_at, id) of the last file shown.
    static func token(for position: FileListPosition) -> String {
        var bytes: [UInt8] = [version]
        withUnsafeBytes(of: position.createdAtMicroseconds.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: position.id.uuid) { bytes.append(contentsOf: $0) }
        return encode(bytes)
    }

    static func listPosition(_ token: String) -> FileListPosition? {
        guard let bytes = decode(token, count: 25) else { return nil }
        let id = UUID(
            uuid: (
                bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15], bytes[16], bytes[17],
                bytes[18], bytes[19], bytes[20], bytes[21], bytes[22], bytes[23], bytes[24]
            ))
        return FileListPosition(createdAtMicroseconds: integer(bytes[1..<9]), id: id)
    }

    /// `GET /files/{id}/errors`: the record index of the last error shown.
    static func token(forErrorIndex index: Int64) -> String {
        var bytes: [UInt8] = [version]
        withUnsafeBytes(of: index.bigEndian) { bytes.append(contentsOf: $0) }
        return encode(bytes)
    }

    static func errorIndex(_ token: String) -> Int64? {
        guard let bytes = decode(token, count: 9) else { return nil }
        let index = integer(bytes[1..<9])
        return index >= 0 ? index : nil
    }

    private static func integer(_ bytes: ArraySlice<UInt8>) -> Int64 {
        Int64(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    private static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func decode(_ token: String, count: Int) -> [UInt8]? {
        guard token.utf8.count == (count * 4 + 2) / 3,
            token.utf8.allSatisfy({ $0.isBase64URLDigit })
        else { return nil }
        var standard = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: standard), data.count == count, data.first == version else { return nil }
        let bytes = Array(data)
        // Unused bits in the last character: only the canonical spelling is a cursor.
        guard encode(bytes) == token else { return nil }
        return bytes
    }
}

extension UInt8 {
    fileprivate var isBase64URLDigit: Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "-")
            || self == UInt8(ascii: "_")
    }
}
