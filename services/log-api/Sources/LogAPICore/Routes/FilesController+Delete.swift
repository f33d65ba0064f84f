import Foundation
import Hummingbird
import ServiceKit

extension FilesController {
    /// Logs deleted per statement by `?records=true`.
    static var recordDeleteBatchSize: Int { 5000 }

    /// `DELETE /files/{id}[?records=true]`: the file's row (with its errors) and its object; with
    /// `records=true` also every log stored from it. 200 `{"file_id":…,"records_deleted":n}`, 404
    /// for an id no file has, 409 for `records=true` while the file is `processing` (a worker still
    /// adds logs; its batches between two progress writes are not fenced by the row, so some
    /// could outlive the delete: delete once the file is final).
    ///
    /// Order (docs/file-uploads.md, "DELETE"): the logs first, while the row still exists (a crash
    /// there leaves a row to delete again), then the row, then the logs once more (a batch a worker
    /// committed in between), then the object (a crash before that leaves an object without a row,
    /// which the sweeper deletes).
    func delete(_ request: Request, id text: String) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["records"])
        let id = try Self.fileID(text)
        let withRecords = try parameters.boolean("records") ?? false
        let store = self.store
        let batch = Self.recordDeleteBatchSize
        let (deletedFile, records) = try await database("delete file") {
            guard let current = try await store.file(id: id) else { return (StoredFile?.none, 0) }
            if withRecords, current.status == .processing {
                throw APIError(
                    .conflict,
                    "file \(id.uuidString.lowercased()) is being processed; delete it with records=true once it is "
                        + "final, or without records=true now", code: "file_processing")
            }
            var records = withRecords ? try await store.deleteRecords(fileID: id, batchSize: batch) : 0
            let deleted = try await store.delete(id: id)
            if withRecords { records += try await store.deleteRecords(fileID: id, batchSize: batch) }
            return (deleted, records)
        }
        guard let deletedFile else { throw Self.notFound(id) }
        await intake.discard(key: deletedFile.objectKey, because: "the file was deleted")
        return Self.json(.ok, FileJSON.deleted(id, recordsDeleted: records))
    }
}
