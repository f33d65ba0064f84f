/// One column's values for the row group being filled, and how they become pages: a dictionary
/// page (dictionary-encoded columns only), then one v1 data page holding the definition levels
/// (optional columns only) and the values.
final class ColumnChunkBuffer {
    let column: ParquetColumn
    private var rowCount = 0
    private var nullCount = 0
    /// 1 for a present value, 0 for a null; bit width 1 (max definition level of a flat column).
    private var definitionLevels = RLEHybridEncoder(bitWidth: 1)
    private var int64Values: [Int64] = []
    private var int32Values: [Int32] = []
    private var doubleValues: [Double] = []
    /// Strings of a column without a dictionary, PLAIN-encoded as they arrive.
    private var plainBytes: [UInt8] = []
    private var plainCount = 0
    private var dictionary = ByteArrayDictionary()
    private var dictionaryIndices: [UInt32] = []
    private var int64Range: (min: Int64, max: Int64)?
    private var doubleRange: (min: Double, max: Double)?

    init(column: ParquetColumn) {
        self.column = column
    }

    func appendNull() {
        rowCount += 1
        nullCount += 1
        definitionLevels.append(0)
    }

    func append(_ value: Int64) {
        present()
        int64Values.append(value)
        extendIntegerRange(value)
    }

    func append(_ value: Int32) {
        present()
        int32Values.append(value)
        extendIntegerRange(Int64(value))
    }

    /// INT32 and INT64 columns keep their min/max as Int64.
    private func extendIntegerRange(_ value: Int64) {
        int64Range = Self.extended(int64Range, with: value)
    }

    func append(_ value: Double) {
        present()
        doubleValues.append(value)
        guard !value.isNaN else { return }  // NaN takes no part in min/max
        doubleRange = Self.extended(doubleRange, with: value)
    }

    private static func extended<Value: Comparable>(
        _ range: (min: Value, max: Value)?, with value: Value
    )
        -> (min: Value, max: Value)
    {
        guard let range else { return (value, value) }
        return (Swift.min(range.min, value), Swift.max(range.max, value))
    }

    func append(bytes value: UnsafeRawBufferPointer) {
        present()
        if column.isDictionaryEncoded {
            dictionaryIndices.append(dictionary.index(of: value))
        } else {
            var length = UInt32(value.count).littleEndian
            withUnsafeBytes(of: &length) { plainBytes.append(contentsOf: $0) }
            plainBytes.append(contentsOf: value.assumingMemoryBound(to: UInt8.self))
            plainCount += 1
        }
    }

    /// Many values at once: each of `values` is one row, a null where `nulls` says so (`nulls`
    /// empty: none). The fast path of a batch without nulls costs one copy and one min/max loop.
    func append(_ values: [Int64], nulls: [Bool]) {
        guard nulls.isEmpty else {
            for (value, isNull) in zip(values, nulls) { if isNull { appendNull() } else { append(value) } }
            return
        }
        guard let first = values.first else { return }
        var (low, high) = int64Range ?? (first, first)
        for value in values {
            if value < low { low = value } else if value > high { high = value }
        }
        int64Range = (low, high)
        int64Values.append(contentsOf: values)
        rowCount += values.count
        definitionLevels.append(1, count: values.count)
    }

    func append(_ values: [Double], nulls: [Bool]) {
        guard nulls.isEmpty else {
            for (value, isNull) in zip(values, nulls) { if isNull { appendNull() } else { append(value) } }
            return
        }
        for value in values where !value.isNaN {
            doubleRange = Self.extended(doubleRange, with: value)
        }
        doubleValues.append(contentsOf: values)
        rowCount += values.count
        definitionLevels.append(1, count: values.count)
    }

    /// Byte strings laid end to end in `bytes`, value `i` ending at `ends[i]`.
    func append(bytes: [UInt8], ends: [Int], nulls: [Bool]) {
        bytes.withUnsafeBytes { all in
            var start = 0
            for (index, end) in ends.enumerated() {
                if !nulls.isEmpty && nulls[index] {
                    appendNull()
                } else {
                    append(bytes: UnsafeRawBufferPointer(rebasing: all[start..<end]))
                }
                start = end
            }
        }
    }

    private func present() {
        rowCount += 1
        definitionLevels.append(1)
    }

    /// Writes the chunk's pages at the output's end and empties the buffer for the next row group.
    func flush(to output: FileOutput, compressor: PageCompressor) throws(ParquetWriterError) -> ColumnChunkMetadata {
        var dictionaryPageOffset: Int64?
        var uncompressed: Int64 = 0
        var compressed: Int64 = 0
        var encodings: [Encoding] = [.plain, .rle]
        if column.isDictionaryEncoded {
            dictionaryPageOffset = output.offset
            let (raw, stored) = try writePage(
                dictionary.plainEncoded, kind: .dictionary(valueCount: Int32(dictionary.count)),
                to: output, compressor: compressor)
            uncompressed += raw
            compressed += stored
            encodings.append(.rleDictionary)
        }
        let dataPageOffset = output.offset
        var body: [UInt8] = []
        if column.isOptional {
            let levels = definitionLevels.finish()
            var length = UInt32(levels.count).littleEndian
            withUnsafeBytes(of: &length) { body.append(contentsOf: $0) }
            body.append(contentsOf: levels)
        }
        appendValues(to: &body)
        let (raw, stored) = try writePage(
            body,
            kind: .data(valueCount: Int32(rowCount), encoding: column.isDictionaryEncoded ? .rleDictionary : .plain),
            to: output, compressor: compressor)
        uncompressed += raw
        compressed += stored
        let metadata = ColumnChunkMetadata(
            physicalType: column.type.physicalType, encodings: encodings, name: column.name,
            compression: compressor.compression, valueCount: Int64(rowCount), uncompressedSize: uncompressed,
            compressedSize: compressed, dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryPageOffset,
            statistics: statistics())
        reset()
        return metadata
    }

    private func appendValues(to body: inout [UInt8]) {
        switch column.type.physicalType {
        case .int64: int64Values.withUnsafeBytes { body.append(contentsOf: $0) }
        case .int32: int32Values.withUnsafeBytes { body.append(contentsOf: $0) }
        case .double: doubleValues.withUnsafeBytes { body.append(contentsOf: $0) }
        case .byteArray:
            if column.isDictionaryEncoded {
                // Readers of some versions reject a bit width of 0, so one entry still takes a bit.
                let bitWidth = max(1, RLEHybridEncoder.bitWidth(forMaximum: UInt32(max(dictionary.count - 1, 0))))
                var indices = RLEHybridEncoder(bitWidth: bitWidth)
                for index in dictionaryIndices { indices.append(index) }
                body.append(UInt8(bitWidth))
                body.append(contentsOf: indices.finish())
            } else {
                body.append(contentsOf: plainBytes)
            }
        }
    }

    /// Page header, then the compressed body; returns the sizes before and after compression,
    /// header included in both (as ColumnMetaData counts them).
    private func writePage(
        _ body: [UInt8], kind: PageHeader.Kind, to output: FileOutput, compressor: PageCompressor
    ) throws(ParquetWriterError) -> (Int64, Int64) {
        let stored = try compressor.compress(body)
        let header = PageHeader(kind: kind, uncompressedSize: Int32(body.count), compressedSize: Int32(stored.count))
            .encoded()
        try output.write(header)
        try output.write(stored)
        return (Int64(header.count + body.count), Int64(header.count + stored.count))
    }

    private func statistics() -> ColumnStatistics {
        var statistics = ColumnStatistics(nullCount: Int64(nullCount))
        switch column.type.physicalType {
        case .int64:
            if let range = int64Range {
                statistics.minValue = Self.littleEndianBytes(range.min)
                statistics.maxValue = Self.littleEndianBytes(range.max)
            }
        case .int32:
            if let range = int64Range {
                statistics.minValue = Self.littleEndianBytes(Int32(range.min))
                statistics.maxValue = Self.littleEndianBytes(Int32(range.max))
            }
        case .double:
            if let range = doubleRange {
                // The spec asks for -0.0 as a zero minimum and +0.0 as a zero maximum.
                statistics.minValue = Self.littleEndianBytes((range.min == 0 ? -0.0 : range.min).bitPattern)
                statistics.maxValue = Self.littleEndianBytes((range.max == 0 ? 0.0 : range.max).bitPattern)
            }
        case .byteArray:
            var smallest: [UInt8]?
            var largest: [UInt8]?
            let consider: (UnsafeRawBufferPointer) -> Void = { value in
                if smallest == nil || value.lexicographicallyPrecedes(smallest!) { smallest = Array(value) }
                if largest == nil || largest!.lexicographicallyPrecedes(value) { largest = Array(value) }
            }
            if column.isDictionaryEncoded {
                dictionary.forEachEntry(consider)
            } else {
                forEachPlainValue(consider)
            }
            statistics.minValue = smallest
            statistics.maxValue = largest
        }
        return statistics
    }

    private func forEachPlainValue(_ body: (UnsafeRawBufferPointer) -> Void) {
        plainBytes.withUnsafeBytes { all in
            var position = 0
            for _ in 0..<plainCount {
                let length = Int(UInt32(littleEndian: all.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                body(UnsafeRawBufferPointer(rebasing: all[(position + 4)..<(position + 4 + length)]))
                position += 4 + length
            }
        }
    }

    private static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    private func reset() {
        rowCount = 0
        nullCount = 0
        definitionLevels = RLEHybridEncoder(bitWidth: 1)
        int64Values.removeAll(keepingCapacity: true)
        int32Values.removeAll(keepingCapacity: true)
        doubleValues.removeAll(keepingCapacity: true)
        plainBytes.removeAll(keepingCapacity: true)
        plainCount = 0
        dictionary.removeAll()
        dictionaryIndices.removeAll(keepingCapacity: true)
        int64Range = nil
        doubleRange = nil
    }
}
