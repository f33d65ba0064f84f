import NIOCore

/// Multipart bodies for the tests, written as a browser or `curl -F` writes them.
enum MultipartBodies {
    struct Part {
        var headers: [String]
        var body: [UInt8]
    }

    static func file(
        _ content: [UInt8], name: String = "file", filename: String? = "data.json",
        contentType: String? = "application/octet-stream"
    ) -> Part {
        var disposition = "Content-Disposition: form-data; name=\"\(name)\""
        if let filename { disposition += "; filename=\"\(filename)\"" }
        var headers = [disposition]
        if let contentType { headers.append("Content-Type: \(contentType)") }
        return Part(headers: headers, body: content)
    }

    static func field(_ name: String, _ value: String) -> Part {
        Part(headers: ["Content-Disposition: form-data; name=\"\(name)\""], body: Array(value.utf8))
    }

    /// `preamble`, then each part after `--boundary`, then `--boundary--` and `epilogue`.
    static func body(
        _ parts: [Part], boundary: String, preamble: String = "", epilogue: String = "\r\n"
    ) -> [UInt8] {
        var bytes = Array(preamble.utf8)
        if !preamble.isEmpty { bytes += Array("\r\n".utf8) }
        for part in parts {
            bytes += Array("--\(boundary)\r\n".utf8)
            for header in part.headers { bytes += Array("\(header)\r\n".utf8) }
            bytes += Array("\r\n".utf8)
            bytes += part.body
            bytes += Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--".utf8)
        bytes += Array(epilogue.utf8)
        return bytes
    }

    /// `bytes` cut at each of `cuts` (sorted offsets), as chunks.
    static func chunks(_ bytes: [UInt8], cutAt cuts: [Int]) -> [ByteBuffer] {
        var result: [ByteBuffer] = []
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start {
            result.append(ByteBuffer(bytes: bytes[start..<cut]))
            start = cut
        }
        return result
    }

    /// `bytes` in chunks of `size`.
    static func chunks(_ bytes: [UInt8], size: Int) -> [ByteBuffer] {
        stride(from: 0, to: bytes.count, by: size).map { ByteBuffer(bytes: bytes[$0..<min(bytes.count, $0 + size)]) }
    }
}

/// Chunks handed out one by one as an async sequence, as a request body arrives.
struct ChunkSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunks: [ByteBuffer]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ByteBuffer>
        mutating func next() async throws -> ByteBuffer? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks[...]) }
}
