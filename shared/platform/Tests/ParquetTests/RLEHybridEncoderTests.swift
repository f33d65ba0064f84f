import Testing

@testable import Parquet

/// Byte sequences of the RLE / bit-packing hybrid worked out from Encodings.md of parquet-format.
@Suite("RLE / bit-packing hybrid encoding", .timeLimit(.minutes(1)))
struct RLEHybridEncoderTests {
    private func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var encoder = RLEHybridEncoder(bitWidth: bitWidth)
        for value in values { encoder.append(value) }
        return encoder.finish()
    }

    @Test func theSpecificationsBitPackingExample() {
        // 0…7 at bit width 3: one group (header (1 << 1) | 1), bits 10001000 11000110 11111010.
        #expect(encode(Array(0...7), bitWidth: 3) == [0x03, 0x88, 0xC6, 0xFA])
    }

    @Test func aRepeatedValueIsOneRun() {
        // header 10 << 1 = 20, then the value in one byte.
        #expect(encode(Array(repeating: 1, count: 10), bitWidth: 1) == [0x14, 0x01])
        var encoder = RLEHybridEncoder(bitWidth: 1)
        encoder.append(1, count: 100_000)
        #expect(encoder.finish() == [0xC0, 0x9A, 0x0C, 0x01])  // varint(200000)
    }

    @Test func runValuesTakeWholeBytes() {
        // bit width 9: the value 300 in two little-endian bytes.
        #expect(encode(Array(repeating: 300, count: 8), bitWidth: 9) == [0x10, 0x2C, 0x01])
    }

    @Test func pendingValuesAreToppedUpToAGroupFromTheNextRun() {
        // Five zeros, then twenty ones: the group takes three ones (bits 11100000), the
        // remaining seventeen are a run.
        let values = Array(repeating: UInt32(0), count: 5) + Array(repeating: 1, count: 20)
        #expect(encode(values, bitWidth: 1) == [0x03, 0xE0, 0x22, 0x01])
    }

    @Test func aShortTailIsPaddedWithZeros() {
        #expect(encode([1, 0, 1], bitWidth: 1) == [0x03, 0x05])
    }

    @Test func aBitWidthCoversTheLargestValue() {
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 0) == 0)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 1) == 1)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 199) == 8)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 256) == 9)
    }
}
