import Crypto
import NIOCore

extension Sequence<UInt8> {
    /// Lower-case hex, two digits a byte: how SigV4 writes hashes and signatures.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        for byte in self {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}

enum PayloadHash {
    /// The SHA-256 of an empty body, which every GET, HEAD and DELETE signs.
    static let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func of(_ buffer: ByteBuffer) -> String {
        var hasher = SHA256()
        buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().hexString
    }

    static func of(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).hexString
    }
}
