/// The `Statistics` of a column chunk: how many values are null and the smallest and largest of
/// the rest, each as its PLAIN encoding (strings: their bytes, compared unsigned, as the
/// type-defined order of the footer's column orders says).
struct ColumnStatistics: Equatable {
    var nullCount: Int64 = 0
    var minValue: [UInt8]? = nil
    var maxValue: [UInt8]? = nil

    /// Writes the struct's fields (the caller opens and closes the struct). Only `min_value` and
    /// `max_value` (5, 6) are written, not the deprecated `min`/`max` with their signed byte order.
    func encode(into writer: inout CompactProtocolWriter) {
        writer.writeI64(3, nullCount)
        if let maxValue { writer.writeBinary(5, maxValue) }
        if let minValue { writer.writeBinary(6, minValue) }
    }
}
