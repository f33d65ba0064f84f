import Hummingbird
import Logging
import PostgresNIO

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

    /// Runs a database read and turns PostgreSQL's failures into answers: the `logs` table missing
    /// (log-worker has not started yet) or the database unreachable is a 503 a client may retry;
    /// anything else is a 500 whose details go to the log, not to the client.
    static func readingDatabase<T>(logger: Logger, _ read: () async throws -> T) async throws -> T {
        do {
            return try await read()
        } catch let error as PSQLError {
            guard error.code == .server else {
                logger.warning("PostgreSQL unavailable", metadata: ["error": "\(String(reflecting: error))"])
                throw QueryServiceError(.serviceUnavailable, "PostgreSQL is unavailable; try again shortly")
            }
            let state = error.serverInfo?[.sqlState] ?? ""
            if state == undefinedTable {
                throw QueryServiceError(
                    .serviceUnavailable,
                    "the logs table does not exist yet: log-worker creates it when it starts, so start log-worker first"
                )
            }
            // Connection exceptions (08), insufficient resources (53), operator intervention (57:
            // shutdown, statement timeout): the same query may well work a moment later.
            if ["08", "53", "57"].contains(state.prefix(2)) {
                logger.warning("PostgreSQL unavailable", metadata: ["sqlstate": "\(state)"])
                throw QueryServiceError(.serviceUnavailable, "PostgreSQL is unavailable; try again shortly")
            }
            logger.error(
                "query failed",
                metadata: ["sqlstate": "\(state)", "error": "\(error.serverInfo?[.message] ?? "\(error)")"])
            throw QueryServiceError(.internalServerError, "the query failed (SQLSTATE \(state)); see the service's log")
        }
    }

    /// SQLSTATE undefined_table.
    static let undefinedTable = "42P01"
}
