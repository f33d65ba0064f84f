/// 64-bit FNV-1a: a fast, stable, non-cryptographic hash, the same on every run and machine
/// (Swift's `Hasher` is seeded per process). For migration lock keys and checksums and for message
/// ids derived from content (csv-producer). Inlinable: callers hash millions of short fields.
public struct FNV1a: Sendable {
    /// The standard offset basis.
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    @usableFromInline var state: UInt64

    /// The hash of the bytes combined so far.
    @inlinable public var value: UInt64 { state }

    /// A hash starting from `basis` (another basis gives an independent second hash of the same bytes).
    @inlinable public init(basis: UInt64 = FNV1a.offsetBasis) { state = basis }

    @inlinable public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01b3
        }
    }
}
