import Foundation
import Hummingbird
import Logging
import ServiceKit

/// The file routes (flow 4, issue 11), each concern in a file of its own:
/// - `POST /files` (`FilesController+Upload.swift`): an upload, stored, recorded and queued;
/// - `GET /files/{id}`, `GET /files/{id}/errors`, `GET /files` (`FilesController+Reads.swift`);
/// - `DELETE /files/{id}` (`FilesController+Delete.swift`).
///
/// Every refusal is ServiceKit's ``APIError`` body; query parameters go through ``QueryParameters``.
/// PostgreSQL or S3 unreachable gives 503 for these routes only: the log routes need neither.
public struct FilesController<Objects: FileObjectStore, Store: FileStore, Publisher: FileTaskPublishing>: Sendable {
    let intake: FileIntake<Objects, Store, Publisher>
    let ids: LogIDGenerator
    let logger: Logger

    public init(intake: FileIntake<Objects, Store, Publisher>, ids: LogIDGenerator = LogIDGenerator(), logger: Logger) {
        self.intake = intake
        self.ids = ids
        self.logger = logger
    }

    var store: Store { intake.store }
    var metrics: FileMetrics { intake.metrics }

    public func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.post("files") { request, _ in try await upload(request) }
        router.get("files") { request, _ in try await list(request) }
        router.get("files/:id") { request, context in
            try await show(request, id: context.parameters.get("id") ?? "")
        }
        router.get("files/:id/errors") { request, context in
            try await errors(request, id: context.parameters.get("id") ?? "")
        }
        router.delete("files/:id") { request, context in
            try await delete(request, id: context.parameters.get("id") ?? "")
        }
    }

    static func fileID(_ text: String) throws(QueryParameterError) -> UUID { try FileRoute.fileID(text) }

    /// Runs a database step of a read or a delete within ``FileUploadConfig/databaseTimeout``; a
    /// failure (PostgreSQL down, the `files` table not there yet, no answer in time) is a 503 for the
    /// client and the details go to the log.
    func database<T: Sendable>(
        _ what: String, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        do {
            return try await withDeadline(intake.config.databaseTimeout, operation)
        } catch let error as APIError {
            throw error
        } catch {
            logger.warning(
                "file store failed", metadata: ["operation": "\(what)", "error": "\(String(reflecting: error))"])
            throw APIError(.serviceUnavailable, "the file store (PostgreSQL) is unavailable; retry later")
        }
    }

    static func json(_ status: HTTPResponse.Status, _ body: ByteBuffer) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }
}
