import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension FilesController {
    /// How many rejected records `GET /files/{id}` shows; the rest are a page away.
    static var firstErrorsShown: Int { 10 }
    static var defaultPageSize: Int { 50 }
    static var maximumPageSize: Int { 1000 }

    /// `GET /files/{id}`: the file's status (the FileEvent snapshot's members), its name, digest,
    /// times and first errors; 404 for an id no file has.
    func show(_ request: Request, id text: String) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try Self.fileID(text)
        let store = self.store
        let (file, firstErrors) = try await database("read file") {
            guard let file = try await store.file(id: id) else { return (StoredFile?.none, [FileRecordError]()) }
            let errors =
                file.recordsRejected > 0
                ? try await store.errors(fileID: id, afterIndex: nil, limit: Self.firstErrorsShown) : []
            return (file, errors)
        }
        guard let file else { throw Self.notFound(id) }
        return Self.json(.ok, FileJSON.file(file, firstErrors: firstErrors))
    }

    /// `GET /files/{id}/errors?limit=&cursor=`: the file's rejected records by record index, in
    /// keyset pages (`next_cursor` until the last page).
    func errors(_ request: Request, id text: String) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["limit", "cursor"])
        let id = try Self.fileID(text)
        let limit = try parameters.integer("limit", in: 1...Self.maximumPageSize) ?? Self.defaultPageSize
        let after = try parameters.value("cursor", expected: "a next_cursor of a previous answer") {
            FileCursor.errorIndex($0)
        }
        let store = self.store
        let (file, errors) = try await database("read file errors") {
            guard let file = try await store.file(id: id) else { return (StoredFile?.none, [FileRecordError]()) }
            return (file, try await store.errors(fileID: id, afterIndex: after, limit: limit + 1))
        }
        guard let file else { throw Self.notFound(id) }
        return Self.json(.ok, FileJSON.errors(errors, of: file, limit: limit))
    }

    /// `GET /files?status=&limit=&cursor=`: files newest first by (created_at, id), in keyset pages.
    func list(_ request: Request) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["status", "limit", "cursor"])
        let status = try parameters.choice("status", as: FileStatus.self)
        let limit = try parameters.integer("limit", in: 1...Self.maximumPageSize) ?? Self.defaultPageSize
        let after = try parameters.value("cursor", expected: "a next_cursor of a previous answer") {
            FileCursor.listPosition($0)
        }
        let store = self.store
        let files = try await database("list files") {
            try await store.files(status: status, after: after, limit: limit + 1)
        }
        return Self.json(.ok, FileJSON.page(files, limit: limit))
    }

    static func notFound(_ id: UUID) -> APIError { FileRoute.notFound(id) }
}
