/// The percent-encoding of AWS Signature Version 4 ("UriEncode" in AWS's documentation), used
/// both for the URL that is sent and for the canonical request that is signed, so the two agree.
///
/// Every byte of the UTF-8 form is encoded as `%XY` (upper-case hex) except the unreserved
/// characters `A-Z a-z 0-9 - . _ ~`, and except `/` in an object key's path, where it separates
/// nothing but is kept as is (S3 keys are not normalised: `a//b` and `./x` stay what they are).
/// A space is `%20`, never `+`.
enum URIEncoding {
    /// An object key as a URL path: each byte encoded, `/` kept.
    static func path(_ key: String) -> String { encode(key, keepingSlash: true) }

    /// A query parameter's name or value: each byte encoded, `/` too.
    static func queryComponent(_ text: String) -> String { encode(text, keepingSlash: false) }

    static func encode(_ text: String, keepingSlash: Bool) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                result.append(byte)
            } else {
                result.append(UInt8(ascii: "%"))
                result.append(hexDigits[Int(byte >> 4)])
                result.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
