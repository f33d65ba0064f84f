import CSnappy
import CZstd

/// Compresses one page body with the file's codec.
struct PageCompressor {
    let compression: ParquetCompression

    func compress(_ body: [UInt8]) throws(ParquetWriterError) -> [UInt8] {
        switch compression {
        case .uncompressed:
            return body
        case .snappy:
            var capacity = snappy_max_compressed_length(body.count)
            var output = [UInt8](repeating: 0, count: capacity)
            let status = body.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    input.withMemoryRebound(to: CChar.self) { source in
                        out.withMemoryRebound(to: CChar.self) { target in
                            snappy_compress(source.baseAddress, input.count, target.baseAddress, &capacity)
                        }
                    }
                }
            }
            guard status == SNAPPY_OK else { throw .compression("snappy status \(status.rawValue)") }
            output.removeSubrange(capacity...)
            return output
        case .zstd(let level):
            let capacity = ZSTD_compressBound(body.count)
            var output = [UInt8](repeating: 0, count: capacity)
            let written = body.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { out in
                    ZSTD_compress(out.baseAddress, capacity, input.baseAddress, input.count, level)
                }
            }
            if ZSTD_isError(written) != 0 {
                throw .compression("zstd: " + String(cString: ZSTD_getErrorName(written)))
            }
            output.removeSubrange(written...)
            return output
        }
    }
}
