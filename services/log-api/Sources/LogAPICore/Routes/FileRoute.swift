import Foundation
import ServiceKit

/// What every route under `/files/{id}` says of its id: the file routes' and the event stream's.
enum FileRoute {
    /// The file id of a path, or a 400 naming `id`.
    static func fileID(_ text: String) throws(QueryParameterError) -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw QueryParameterError(
                parameter: "id",
                reason:
                    "expected a UUID such as 0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b, found \(QueryParameters.quoted(text))"
            )
        }
        return id
    }

    static func notFound(_ id: UUID) -> APIError {
        APIError(.notFound, "no file with id \(id.uuidString.lowercased())", parameter: "id")
    }
}
