import Foundation
import Hummingbird
import NIOCore
import ServiceKit

extension FilesController {
    /// Bytes a multipart body may carry besides the file (boundaries, part headers, other fields).
    static var multipartAllowance: Int { 1 << 20 }

    /// `POST /files[?name=…][&force=true]`: one file, as the `file` part of a `multipart/form-data`
    /// body or as a raw `application/json` / `application/x-ndjson` body.
    ///
    /// The name: `?name=` when given (required for a raw body), else the multipart part's
    /// `filename`. The body streams to the object store (``FileIntake``), never held whole.
    /// Answers:
    /// - 202 `{"duplicate":false,"events_url","id","status":"queued","status_url"}` and `Location`:
    ///   stored, recorded and queued;
    /// - 200 with `"duplicate":true`, the earlier file's id and status: the same name and bytes
    ///   were uploaded before (not with `force=true`); nothing new is kept;
    /// - 400 (a bad name, parameter or multipart body, no `file` part, an empty file), 413 (larger
    ///   than `FILE_MAX_BYTES`), 415 (another type): nothing is kept;
    /// - 503 `storage_unavailable` / `database_unavailable`: nothing is kept;
    /// - 503 `queue_unavailable` with `Location`: the file is stored and recorded `queued`, but the
    ///   broker did not confirm its task; the sweeper publishes it later, so it will be processed
    ///   without another upload (one, the same bytes again, answers 200 with the same id).
    func upload(_ request: Request) async throws -> Response {
        do {
            let outcome = try await accept(request)
            switch outcome {
            case .accepted(let file):
                return Self.uploadAnswer(.accepted, file, duplicate: false)
            case .duplicate(let file):
                return Self.uploadAnswer(.ok, file, duplicate: true)
            case .recordedNotQueued(let file, _):
                var response = APIError(
                    .serviceUnavailable,
                    "file \(file.id.uuidString.lowercased()) is stored and queued, but the message broker did not "
                        + "confirm its task; it will be processed once the broker is back (see its status_url)",
                    code: "queue_unavailable"
                ).response
                response.headers[.location] = FileJSON.statusURL(file.id)
                response.headers[.retryAfter] = "30"
                return response
            }
        } catch {
            let refusal = refusal(for: error)
            metrics.refused(Self.outcomeName(refusal))
            return refusal.response
        }
    }

    private func accept(_ request: Request) async throws -> FileIntake<Objects, Store, Publisher>.Outcome {
        let parameters = try QueryParameters(request, allowed: ["name", "force"])
        let force = try parameters.boolean("force") ?? false
        let givenName = try parameters.text("name", maximumLength: 1024)
        let contentType = request.headers[.contentType]
        guard let mediaType = UploadMediaType(contentType: contentType) else {
            throw APIError(
                .unsupportedMediaType,
                "Content-Type must be \(UploadMediaType.expected), found \(contentType.map { "'\($0)'" } ?? "none")")
        }
        let maxBytes = intake.config.maxBytes
        let bodyLimit: Int
        if case .multipart = mediaType { bodyLimit = maxBytes + Self.multipartAllowance } else { bodyLimit = maxBytes }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > bodyLimit {
            throw UploadTooLarge(limit: maxBytes)
        }
        let id = ids.next()
        switch mediaType {
        case .raw(let format):
            guard let givenName else {
                throw QueryParameterError(parameter: "name", reason: "required for a raw body: the file's name")
            }
            let name = try Self.cleanName(givenName, parameter: "name")
            return try await intake.accept(request.body, id: id, name: name, format: format, force: force)
        case .multipart(let boundary):
            var reader = MultipartFileReader(
                boundary: boundary,
                base: SizeLimitedBody(base: request.body, limit: bodyLimit).makeAsyncIterator())
            let headers = try await reader.fileHeaders()
            guard let rawName = givenName ?? headers.disposition?.filename else {
                throw QueryParameterError(
                    parameter: "name", reason: "required: the 'file' part has no filename, and no ?name= was given")
            }
            let name = try Self.cleanName(rawName, parameter: givenName == nil ? "filename" : "name")
            let format = FileFormat(partContentType: headers.contentType, fileName: name)
            return try await intake.accept(
                MultipartFileBytes(reader: reader), id: id, name: name, format: format, force: force)
        }
    }

    static func cleanName(_ raw: String, parameter: String) throws(QueryParameterError) -> String {
        switch UploadedFileName.clean(raw) {
        case .success(let name): return name
        case .failure(let problem): throw QueryParameterError(parameter: parameter, reason: problem.sentence)
        }
    }

    /// The answer for a refused upload; server-side failures go to the log.
    func refusal(for error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as QueryParameterError:
            return error.apiError
        case is UploadTooLarge:
            return APIError(
                .contentTooLarge, "the file is larger than \(intake.config.maxBytes) bytes (FILE_MAX_BYTES)",
                code: "file_too_large")
        case let error as MultipartError:
            return APIError(.badRequest, error.description, code: "invalid_multipart")
        case is UploadFormError:
            return APIError(
                .badRequest, "the multipart form has no part named 'file' (curl -F file=@data.json)",
                code: "missing_file", field: "file")
        case is EmptyUpload:
            return APIError(.badRequest, "the file is empty", code: "empty_file")
        case let error as UploadStepFailure:
            logger.warning("upload failed", metadata: ["error": "\(error)"])
            switch error.step {
            case .store:
                return APIError(
                    .serviceUnavailable, "the object store did not take the file; nothing was kept, retry later",
                    code: "storage_unavailable")
            case .record:
                return APIError(
                    .serviceUnavailable, "the file store (PostgreSQL) is unavailable; nothing was kept, retry later",
                    code: "database_unavailable")
            }
        default:
            logger.error("upload failed", metadata: ["error": "\(error)"])
            return APIError(.internalServerError, "the upload failed; nothing was kept")
        }
    }

    static func outcomeName(_ refusal: APIError) -> String {
        switch refusal.status {
        case .contentTooLarge: return "too_large"
        case .unsupportedMediaType: return "unsupported_media_type"
        case .serviceUnavailable: return "unavailable"
        default: return "bad_request"
        }
    }

    static func uploadAnswer(_ status: HTTPResponse.Status, _ file: StoredFile, duplicate: Bool) -> Response {
        var response = json(status, FileJSON.accepted(file, duplicate: duplicate))
        response.headers[.location] = FileJSON.statusURL(file.id)
        return response
    }
}
