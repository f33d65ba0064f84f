import PostgresNIO

/// How a failed PostgreSQL statement should be treated by code that retries.
public enum PostgresFailure {
    /// SQLSTATE classes that blame the values sent, not the server's state: 22 data exception
    /// (out of range, invalid text, a NUL byte), 23 integrity constraint violation, 54 program
    /// limit exceeded (a value too large to index). The same values fail again however often they
    /// are retried; everything else (connection lost, server starting or shutting down, a lock
    /// timeout, a missing table while migrations run) may pass later.
    static let dataErrorClasses: Set<Substring> = ["22", "23", "54"]

    /// True when PostgreSQL rejected the data of the statement itself (see ``dataErrorClasses``).
    public static func rejectsData(_ error: any Error) -> Bool {
        guard let error = serverError(in: error), let state = error.serverInfo?[.sqlState] else { return false }
        return dataErrorClasses.contains(state.prefix(2))
    }

    /// True when a statement named a table that does not exist (SQLSTATE 42P01): at start-up, a
    /// worker that runs beside the migrations may get there first.
    public static func isUndefinedTable(_ error: any Error) -> Bool {
        serverError(in: error)?.serverInfo?[.sqlState] == "42P01"
    }

    /// The server's error, also from inside a transaction (`withTransaction` wraps what its
    /// statements or its COMMIT threw; a constraint checked at commit fails the COMMIT).
    static func serverError(in error: any Error) -> PSQLError? {
        if let error = error as? PSQLError { return error }
        guard let transaction = error as? PostgresTransactionError else { return nil }
        return [transaction.closureError, transaction.commitError, transaction.beginError]
            .lazy.compactMap { $0 as? PSQLError }.first
    }

    /// The server's own message and SQLSTATE when there is one (PSQLError's description hides
    /// them), otherwise the error's description: fit for logs and dead-letter reasons.
    public static func describe(_ error: any Error) -> String {
        guard let error = serverError(in: error), let message = error.serverInfo?[.message] else {
            return "\(error)"
        }
        let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
        let detail = error.serverInfo?[.detail].map { ": \($0)" } ?? ""
        return "PostgreSQL rejected the batch: \(message)\(detail)\(state)"
    }
}
