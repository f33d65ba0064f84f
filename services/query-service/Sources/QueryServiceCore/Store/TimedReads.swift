import Logging
import PostgresNIO
import ServiceKit

/// Runs query-service's reads against PostgreSQL within ``timeout`` and turns their failures into
/// answers a client can act on.
///
/// Guarantees: a read either returns, or throws a ``APIError`` within `timeout` (plus
/// scheduling): 503 when the `logs` table does not exist yet (log-worker has not started), when
/// PostgreSQL is unreachable or did not answer in time (PostgresNIO's pool waits for a connection
/// as long as it takes, so without the limit a request would hang through an outage), or when the
/// server reports a transient condition; 500 for anything else, with the details in the log only.
struct TimedReads: Sendable {
    let timeout: Duration
    let logger: Logger

    func run<T: Sendable>(_ read: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withTimeout(timeout, read)
        } catch is TimeoutError {
            logger.warning("PostgreSQL did not answer in time", metadata: ["timeout": "\(timeout)"])
            throw APIError(
                .serviceUnavailable, "PostgreSQL is unavailable (no answer within \(timeout)); try again shortly")
        } catch let error as PSQLError {
            throw translate(error)
        }
    }

    /// SQLSTATE undefined_table.
    static let undefinedTable = "42P01"

    private func translate(_ error: PSQLError) -> APIError {
        guard error.code == .server else {
            logger.warning("PostgreSQL unavailable", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.serviceUnavailable, "PostgreSQL is unavailable; try again shortly")
        }
        let state = error.serverInfo?[.sqlState] ?? ""
        if state == Self.undefinedTable {
            return APIError(
                .serviceUnavailable,
                "the logs table does not exist yet: log-worker creates it when it starts, so start log-worker first")
        }
        // Connection exceptions (08), insufficient resources (53), operator intervention (57:
        // shutdown, cancelled statement): the same query may well work a moment later.
        if ["08", "53", "57"].contains(state.prefix(2)) {
            logger.warning("PostgreSQL unavailable", metadata: ["sqlstate": "\(state)"])
            return APIError(.serviceUnavailable, "PostgreSQL is unavailable; try again shortly")
        }
        logger.error(
            "query failed", metadata: ["sqlstate": "\(state)", "error": "\(error.serverInfo?[.message] ?? "\(error)")"])
        return APIError(.internalServerError, "the query failed (SQLSTATE \(state)); see the service's log")
    }
}
