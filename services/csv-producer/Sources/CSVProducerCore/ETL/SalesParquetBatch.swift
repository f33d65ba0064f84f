import Parquet

/// Rows bound for the Parquet file, held column by column until the batch is full and handed to
/// the writer a column at a time: one call per column per few thousand rows instead of one per
/// value.
struct SalesParquetBatch {
    private(set) var count = 0
    private let kinds: ColumnKinds
    private var integers: [[Int64]]
    private var doubles: [[Double]]
    private var bytes: [[UInt8]]
    private var ends: [[Int]]
    private var nulls: [[Bool]]
    private var anyNull: [Bool]

    init(kinds: ColumnKinds, capacity: Int) {
        self.kinds = kinds
        let columns = SalesColumn.allCases.count
        integers = Array(repeating: [], count: columns)
        doubles = Array(repeating: [], count: columns)
        bytes = Array(repeating: [], count: columns)
        ends = Array(repeating: [], count: columns)
        nulls = Array(repeating: [], count: columns)
        anyNull = Array(repeating: false, count: columns)
        for column in SalesColumn.allCases {
            nulls[column.rawValue].reserveCapacity(capacity)
            switch column == .orderDate ? .int64 : kinds[column] {
            case .int64: integers[column.rawValue].reserveCapacity(capacity)
            case .float64: doubles[column.rawValue].reserveCapacity(capacity)
            case .text: ends[column.rawValue].reserveCapacity(capacity)
            }
        }
    }

    @inline(__always)
    mutating func append(_ value: Int64, _ column: SalesColumn) {
        integers[column.rawValue].append(value)
        nulls[column.rawValue].append(false)
    }

    @inline(__always)
    mutating func append(_ value: Double, _ column: SalesColumn) {
        doubles[column.rawValue].append(value)
        nulls[column.rawValue].append(false)
    }

    @inline(__always)
    mutating func append(bytes value: UnsafeRawBufferPointer, _ column: SalesColumn) {
        bytes[column.rawValue].append(contentsOf: value.assumingMemoryBound(to: UInt8.self))
        ends[column.rawValue].append(bytes[column.rawValue].count)
        nulls[column.rawValue].append(false)
    }

    /// A null, kept in place by a placeholder value the writer skips.
    mutating func appendNull(_ column: SalesColumn) {
        switch kinds[column] {
        case .int64: integers[column.rawValue].append(0)
        case .float64: doubles[column.rawValue].append(0)
        case .text: ends[column.rawValue].append(bytes[column.rawValue].count)
        }
        nulls[column.rawValue].append(true)
        anyNull[column.rawValue] = true
    }

    mutating func endRow() {
        count += 1
    }

    /// Hands every column to `writer`, ends the rows and empties the batch.
    mutating func write(to writer: ParquetFileWriter) throws {
        guard count > 0 else { return }
        for column in SalesColumn.allCases {
            let index = column.rawValue
            let nullFlags = anyNull[index] ? nulls[index] : []
            switch column == .orderDate ? .int64 : kinds[column] {
            case .int64: try writer.append(integers[index], nulls: nullFlags, column: index)
            case .float64: try writer.append(doubles[index], nulls: nullFlags, column: index)
            case .text: try writer.append(bytes: bytes[index], ends: ends[index], nulls: nullFlags, column: index)
            }
            integers[index].removeAll(keepingCapacity: true)
            doubles[index].removeAll(keepingCapacity: true)
            bytes[index].removeAll(keepingCapacity: true)
            ends[index].removeAll(keepingCapacity: true)
            nulls[index].removeAll(keepingCapacity: true)
            anyNull[index] = false
        }
        try writer.endRows(count)
        count = 0
    }
}
