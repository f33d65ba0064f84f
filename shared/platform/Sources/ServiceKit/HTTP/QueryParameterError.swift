import Hummingbird

/// A request parameter (query, path segment or header) that cannot be used: `limit: expected an
/// integer from 1 to 1000, found "0"`. Thrown from a route, it answers 400 in the shape of
/// ``APIError``, with `parameter` naming it.
public struct QueryParameterError: HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    public let parameter: String
    public let reason: String

    public init(parameter: String, reason: String) {
        self.parameter = parameter
        self.reason = reason
    }

    public var description: String { "\(parameter): \(reason)" }

    public var status: HTTPResponse.Status { .badRequest }

    /// The 400 it answers.
    public var apiError: APIError { APIError(.badRequest, description, parameter: parameter) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        apiError.response
    }
}
