import Foundation

/// The id of the log stored for a record of an uploaded file: a function of the file and the record's position
/// only, so processing the same file again (after a crash, a redelivered task) stores every record under the
/// same id, and `INSERT … ON CONFLICT (id) DO NOTHING` stores nothing twice.
///
/// Layout: the first 16 bytes of SHA-256(the file id's 16 bytes ‖ the index as 8 bytes big-endian), with the
/// version nibble 8 (RFC 9562 "custom") and the RFC 4122 variant. 122 bits of a cryptographic hash: ids of
/// different files or indices collide with a chance far below any other failure.
public enum FileRecordID {
    public static func make(fileID: UUID, index: Int) -> UUID {
        var message: [UInt8] = []
        message.reserveCapacity(24)
        withUnsafeBytes(of: fileID.uuid) { message.append(contentsOf: $0) }
        let bigEndian = UInt64(index).bigEndian
        withUnsafeBytes(of: bigEndian) { message.append(contentsOf: $0) }
        var bytes = Array(SHA256Digest.hash(message).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x80
        bytes[8] = bytes[8] & 0x3F | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
