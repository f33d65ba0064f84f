/// The RLE / bit-packing hybrid of the Parquet spec (Encodings.md), which carries definition
/// levels and dictionary indices: runs of one repeated value as (count, value), everything else
/// bit-packed eight values to a group, least significant bit first.
///
/// A run shorter than eight is not worth its header and joins the bit-packed values; pending
/// bit-packed values are topped up to a whole group from the run that follows them, because a
/// bit-packed run can only end early at the very end of the data.
struct RLEHybridEncoder {
    let bitWidth: Int
    private(set) var bytes: [UInt8] = []
    /// Values waiting to be bit-packed (whole groups of eight are flushed at a run's start).
    private var literals: [UInt32] = []
    private var runValue: UInt32 = 0
    private var runLength = 0

    init(bitWidth: Int) {
        precondition((0...32).contains(bitWidth), "bit width \(bitWidth) is not 0...32")
        self.bitWidth = bitWidth
    }

    mutating func append(_ value: UInt32) {
        if runLength > 0 && value == runValue {
            runLength += 1
            return
        }
        endRun()
        runValue = value
        runLength = 1
    }

    mutating func append(_ value: UInt32, count: Int) {
        guard count > 0 else { return }
        if runLength > 0 && value == runValue {
            runLength += count
            return
        }
        endRun()
        runValue = value
        runLength = count
    }

    /// The encoded runs; the encoder is empty afterwards.
    mutating func finish() -> [UInt8] {
        endRun()
        if !literals.isEmpty {
            // The last group may be short: readers stop at the page's value count.
            writeBitPacked(paddedTo: (literals.count + 7) / 8 * 8)
        }
        defer { bytes = [] }
        return bytes
    }

    private mutating func endRun() {
        guard runLength > 0 else { return }
        var remaining = runLength
        runLength = 0
        if !literals.isEmpty {
            let topUp = min((8 - literals.count % 8) % 8, remaining)
            literals.append(contentsOf: repeatElement(runValue, count: topUp))
            remaining -= topUp
        }
        if remaining >= 8 {
            if !literals.isEmpty { writeBitPacked(paddedTo: literals.count) }
            writeRLE(runValue, count: remaining)
        } else {
            literals.append(contentsOf: repeatElement(runValue, count: remaining))
        }
    }

    private mutating func writeRLE(_ value: UInt32, count: Int) {
        writeVarint(UInt64(count) << 1)
        let valueBytes = (bitWidth + 7) / 8
        for index in 0..<valueBytes { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    /// Writes `literals` as one bit-packed run of `count` values (a multiple of eight; missing
    /// values are zeros).
    private mutating func writeBitPacked(paddedTo count: Int) {
        writeVarint(UInt64(count / 8) << 1 | 1)
        var accumulator: UInt64 = 0
        var bitsHeld = 0
        for index in 0..<count {
            let value = index < literals.count ? UInt64(literals[index]) : 0
            accumulator |= value << bitsHeld
            bitsHeld += bitWidth
            while bitsHeld >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bitsHeld -= 8
            }
        }
        // count * bitWidth is a multiple of 8 (count is), so nothing is left in the accumulator.
        literals.removeAll(keepingCapacity: true)
    }

    private mutating func writeVarint(_ value: UInt64) {
        Varint.append(value, to: &bytes)
    }

    /// The bits needed for values up to `maximum` (0 for a maximum of 0).
    static func bitWidth(forMaximum maximum: UInt32) -> Int {
        maximum == 0 ? 0 : UInt32.bitWidth - maximum.leadingZeroBitCount
    }
}
