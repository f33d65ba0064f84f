import Crypto
import Foundation
import NIOCore
import Synchronization

@testable import LogAPICore

/// A ``FileObjectStore`` in memory, for route and sweeper tests only: it streams the body chunk by
/// chunk as the S3 one does (so a body that throws midway stores nothing), hashes it with SHA-256,
/// and can be told to fail. Objects carry a last-modified time the test may set.
final class InMemoryFileObjectStore: FileObjectStore {
    struct Object: Sendable {
        var bytes: [UInt8]
        var contentType: String
        var lastModified: Date
    }

    private struct State {
        var objects: [String: Object] = [:]
        var pending: [PendingObjectUpload] = []
        var aborted: [String] = []
        var failUploads = false
        var uploadCalls = 0
        var chunksSeen = 0
    }

    struct InjectedFailure: Error {}

    /// Protects the objects, pending uploads and switches.
    private let state = Mutex(State())

    func upload<Body: AsyncSequence>(
        _ body: Body, key: String, contentType: String
    ) async throws -> StoredObject where Body.Element == ByteBuffer {
        let fail = state.withLock {
            $0.uploadCalls += 1
            return $0.failUploads
        }
        var hasher = SHA256()
        var bytes: [UInt8] = []
        var chunks = 0
        for try await chunk in body {
            hasher.update(data: Array(chunk.readableBytesView))
            bytes += chunk.readableBytesView
            chunks += 1
        }
        if fail { throw InjectedFailure() }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let stored = bytes
        state.withLock {
            $0.objects[key] = Object(bytes: stored, contentType: contentType, lastModified: Date())
            $0.chunksSeen += chunks
        }
        return StoredObject(size: Int64(stored.count), sha256: digest)
    }

    func delete(key: String) async throws {
        state.withLock { _ = $0.objects.removeValue(forKey: key) }
    }

    func objects(under prefix: String, after token: String?) async throws -> StoredObjectPage {
        // Pages of two keys, so that tests go through the continuation.
        let keys = state.withLock { $0.objects.keys.filter { $0.hasPrefix(prefix) }.sorted() }
        let start = token.flatMap { token in keys.firstIndex { $0 > token } } ?? (token == nil ? 0 : keys.count)
        let page = Array(keys[start..<min(keys.count, start + 2)])
        let entries = state.withLock { state in
            page.map { StoredObjectPage.Entry(key: $0, lastModified: state.objects[$0]?.lastModified) }
        }
        return StoredObjectPage(entries: entries, nextToken: start + 2 < keys.count ? page.last : nil)
    }

    func pendingUploads(under prefix: String) async throws -> [PendingObjectUpload] {
        state.withLock { $0.pending.filter { $0.key.hasPrefix(prefix) } }
    }

    func abortUpload(key: String, uploadID: String) async throws {
        state.withLock {
            $0.pending.removeAll { $0.uploadID == uploadID }
            $0.aborted.append(uploadID)
        }
    }

    func prepare() async throws {}

    // MARK: For the tests

    var keys: [String] { state.withLock { $0.objects.keys.sorted() } }
    func object(_ key: String) -> Object? { state.withLock { $0.objects[key] } }
    var uploadCalls: Int { state.withLock { $0.uploadCalls } }
    var aborted: [String] { state.withLock { $0.aborted } }

    func failUploads(_ fail: Bool) { state.withLock { $0.failUploads = fail } }

    func put(_ key: String, bytes: [UInt8] = [1], lastModified: Date) {
        let object = Object(bytes: bytes, contentType: "application/json", lastModified: lastModified)
        state.withLock { $0.objects[key] = object }
    }

    func addPending(_ upload: PendingObjectUpload) { state.withLock { $0.pending.append(upload) } }
}
