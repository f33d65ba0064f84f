import Hummingbird

/// An answer other than 200, with a JSON body `{"error": "…"}` (and `"parameter"` for a bad one).
public struct QueryServiceError: HTTPResponseError, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    public let parameter: String?

    public init(_ status: HTTPResponse.Status, _ message: String, parameter: String? = nil) {
        self.status = status
        self.message = message
        self.parameter = parameter
    }

    public init(_ error: QueryParameterError) {
        self.init(.badRequest, error.description, parameter: error.parameter)
    }

    public var description: String { "\(status.code) \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: LogJSON.error(message, parameter.map { [("parameter", $0)] } ?? [])))
    }
}
