/// The distinct values of a dictionary-encoded BYTE_ARRAY column chunk, in first-seen order,
/// stored as their PLAIN encoding (4-byte little-endian length, then the bytes) so that the
/// dictionary page is the storage itself.
///
/// An open-addressing hash table of entry numbers finds a value without building a key object
/// per lookup: the hot path of a column like `product` is one hash and one memcmp per row.
struct ByteArrayDictionary {
    private(set) var plainEncoded: [UInt8] = []
    /// Where each entry's bytes start in `plainEncoded` (after its length) and how long they are.
    private(set) var starts: [Int] = []
    private(set) var lengths: [Int] = []
    /// Entry number + 1 in each slot; 0 is an empty slot.
    private var slots: [Int32] = Array(repeating: 0, count: 256)

    var count: Int { starts.count }

    /// The entry number of `value`, added first when it is new.
    mutating func index(of value: UnsafeRawBufferPointer) -> UInt32 {
        let hash = Self.hash(value)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let occupant = Int(slots[slot])
            if occupant == 0 { break }
            if equals(entry: occupant - 1, value) { return UInt32(occupant - 1) }
            slot = (slot + 1) & mask
        }
        let entry = starts.count
        var length = UInt32(value.count).littleEndian
        withUnsafeBytes(of: &length) { plainEncoded.append(contentsOf: $0) }
        starts.append(plainEncoded.count)
        lengths.append(value.count)
        plainEncoded.append(contentsOf: value.assumingMemoryBound(to: UInt8.self))
        if (entry + 1) * 2 > slots.count {
            grow()
            mask = slots.count - 1
            slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
        }
        slots[slot] = Int32(entry + 1)
        return UInt32(entry)
    }

    /// Calls `body` with each entry's bytes, in entry order.
    func forEachEntry(_ body: (UnsafeRawBufferPointer) -> Void) {
        plainEncoded.withUnsafeBytes { all in
            for entry in 0..<starts.count {
                body(UnsafeRawBufferPointer(rebasing: all[starts[entry]..<(starts[entry] + lengths[entry])]))
            }
        }
    }

    mutating func removeAll() {
        plainEncoded.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        slots = Array(repeating: 0, count: 256)
    }

    private func equals(entry: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        guard lengths[entry] == value.count else { return false }
        return plainEncoded.withUnsafeBytes { all in
            value.count == 0 || memcmpBytes(all.baseAddress! + starts[entry], value.baseAddress!, value.count)
        }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        plainEncoded.withUnsafeBytes { all in
            for entry in 0..<starts.count {
                let bytes = UnsafeRawBufferPointer(rebasing: all[starts[entry]..<(starts[entry] + lengths[entry])])
                var slot = Int(truncatingIfNeeded: Self.hash(bytes)) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(entry + 1)
            }
        }
    }

    /// FNV-1a, 64-bit: short keys, no allocation, good enough spread for linear probing.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash ^ (hash >> 29)
    }
}

/// Whether `count` bytes at `left` and `right` are equal.
@inline(__always)
private func memcmpBytes(_ left: UnsafeRawPointer, _ right: UnsafeRawPointer, _ count: Int) -> Bool {
    for offset in 0..<count
    where left.load(fromByteOffset: offset, as: UInt8.self) != right.load(fromByteOffset: offset, as: UInt8.self) {
        return false
    }
    return true
}
