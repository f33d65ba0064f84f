import AsyncHTTPClient
import NIOCore

/// A downloaded object's bytes, in the chunks the network delivers them (typically up to 16 KiB
/// to 64 KiB each): the object is never whole in memory unless the caller collects it.
///
/// Iterate it once. Reading slowly slows the download (TCP backpressure). Dropping it unread
/// closes the connection. A failure midway throws ``ObjectStoreError`` kind `.transport`: the
/// download is not resumed (a caller that wants to can ask again for ``ByteRange/from(_:)``).
public struct ObjectBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    let body: HTTPClientResponse.Body
    let request: S3Request

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: body.makeAsyncIterator(), request: request)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        let request: S3Request

        public mutating func next() async throws -> ByteBuffer? {
            do {
                return try await base.next()
            } catch {
                throw ObjectStoreClient.failure(error, of: request, doing: "reading the object")
            }
        }
    }

    /// Every byte in one buffer; throws when there are more than `maxBytes`.
    public func collect(upTo maxBytes: Int) async throws -> ByteBuffer {
        var all = ByteBuffer()
        for try await chunk in self {
            guard all.readableBytes + chunk.readableBytes <= maxBytes else {
                throw request.error(.invalidResponse, "the object has more than \(maxBytes) bytes")
            }
            var chunk = chunk
            all.writeBuffer(&chunk)
        }
        return all
    }
}

/// An object being downloaded: what S3 said about it, and its bytes still to come.
public struct ObjectDownload: Sendable {
    public let info: ObjectInfo
    /// Which bytes ``body`` holds, after a ranged request that S3 honoured; nil for the whole object.
    public let contentRange: ContentRange?
    public let body: ObjectBody
}
