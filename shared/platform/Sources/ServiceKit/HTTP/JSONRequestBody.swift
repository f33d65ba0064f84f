import Foundation
import Hummingbird
import NIOCore

/// The one way a service reads a JSON request body: the media type must be `application/json`
/// (parameters such as `charset=utf-8` allowed), else a 415; a body above `maximumBytes` is a 413,
/// refused by its `Content-Length` before anything is read, or as soon as the bytes pass the limit.
public enum JSONRequestBody {
    public static func collect(_ request: Request, maximumBytes: Int) async throws -> ByteBuffer {
        guard isJSON(request.headers[.contentType]) else {
            throw APIError(
                .unsupportedMediaType,
                "Content-Type must be application/json, found \(request.headers[.contentType].map { "'\($0)'" } ?? "none")",
                parameter: "Content-Type")
        }
        let tooLarge = APIError(.contentTooLarge, "the body is larger than \(maximumBytes) bytes")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maximumBytes {
            throw tooLarge
        }
        do {
            return try await request.body.collect(upTo: maximumBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// True for `application/json`, with or without parameters such as `charset=utf-8`.
    public static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }
}
