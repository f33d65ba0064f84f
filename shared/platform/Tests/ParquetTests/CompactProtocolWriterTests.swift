import Testing

@testable import Parquet

/// Byte sequences worked out by hand from the Thrift compact protocol specification.
@Suite("Thrift compact protocol encoding", .timeLimit(.minutes(1)))
struct CompactProtocolWriterTests {
    private func encode(_ body: (inout CompactProtocolWriter) -> Void) -> [UInt8] {
        var writer = CompactProtocolWriter()
        writer.writeStructValue(body)
        return writer.bytes
    }

    @Test func smallFieldDeltaSharesTheByteWithTheType() {
        // field 1, i32 (5) → 0x15; zigzag(5) = 10; stop.
        #expect(encode { $0.writeI32(1, 5) } == [0x15, 0x0A, 0x00])
    }

    @Test func negativeIntegersAreZigzagged() {
        #expect(encode { $0.writeI32(2, -1) } == [0x25, 0x01, 0x00])
        #expect(encode { $0.writeI64(1, -64) } == [0x16, 0x7F, 0x00])
    }

    @Test func multiByteVarints() {
        // zigzag(300) = 600 = 0b100_1011000 → 0xD8 0x04.
        #expect(encode { $0.writeI64(1, 300) } == [0x16, 0xD8, 0x04, 0x00])
    }

    @Test func aDeltaAboveFifteenUsesTheLongForm() {
        // type byte 6 (i64), then the id as a zigzag varint: 20 → 40.
        #expect(encode { $0.writeI64(20, 1) } == [0x06, 0x28, 0x02, 0x00])
    }

    @Test func booleansLiveInTheFieldHeader() {
        #expect(
            encode {
                $0.writeBool(1, true)
                $0.writeBool(2, false)
            } == [0x11, 0x12, 0x00])
    }

    @Test func stringsAreLengthPrefixed() {
        #expect(encode { $0.writeString(4, "ab") } == [0x48, 0x02, 0x61, 0x62, 0x00])
    }

    @Test func shortAndLongListHeaders() {
        let short = encode { writer in
            writer.writeList(2, of: .i32, count: 2) {
                $0.writeI32Value(1)
                $0.writeI32Value(2)
            }
        }
        #expect(short == [0x29, 0x25, 0x02, 0x04, 0x00])
        let long = encode { writer in
            writer.writeList(1, of: .i32, count: 15) { list in for _ in 0..<15 { list.writeI32Value(0) } }
        }
        #expect(long == [0x19, 0xF5, 0x0F] + Array(repeating: 0x00, count: 15) + [0x00])
    }

    @Test func aNestedStructHasItsOwnFieldIDs() {
        let bytes = encode { writer in
            writer.writeStruct(3) { $0.writeI32(1, 1) }
            writer.writeI32(4, 0)
        }
        // 0x3C: field 3, struct; inside, field 1 counts from 0; after it, field 4 counts from 3.
        #expect(bytes == [0x3C, 0x15, 0x02, 0x00, 0x15, 0x00, 0x00])
    }

    @Test func anEmptyStructIsItsStopByte() {
        #expect(encode { $0.writeStruct(1) { _ in } } == [0x1C, 0x00, 0x00])
    }
}
