import NIOCore

/// Stands in for the S3 client until the shared ObjectStore library (branch `objectstore`) is on
/// main: every operation fails, so `POST /files` answers 503 `storage_unavailable` and keeps
/// nothing. (Merge note: replaced by `S3FileObjectStore` on `ObjectStoreClient`, then deleted.)
struct PendingObjectStore: FileObjectStore {
    struct NotAvailable: Error, CustomStringConvertible {
        var description: String { "no S3 client in this build yet (the ObjectStore library is not merged)" }
    }

    func upload<Body: AsyncSequence>(
        _ body: Body, key: String, contentType: String
    ) async throws -> StoredObject where Body.Element == ByteBuffer {
        throw NotAvailable()
    }

    func delete(key: String) async throws { throw NotAvailable() }

    func objects(under prefix: String, after token: String?) async throws -> StoredObjectPage { throw NotAvailable() }

    func pendingUploads(under prefix: String) async throws -> [PendingObjectUpload] { throw NotAvailable() }

    func abortUpload(key: String, uploadID: String) async throws { throw NotAvailable() }

    func prepare() async throws { throw NotAvailable() }
}
