/// ULEB128: seven bits a byte, least significant first, the high bit set on all but the last. The
/// integer encoding of the Thrift compact protocol and of the run headers of the RLE hybrid.
enum Varint {
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
