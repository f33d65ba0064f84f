import Foundation
import PostgresNIO

/// The PostgreSQL server a service uses: `POSTGRES_URL`
/// (default postgres://tributary:tributary@127.0.0.1:5432/tributary) and `POSTGRES_POOL_SIZE` (default 10).
public struct PostgresConfig: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var poolSize: Int

    public static let defaultURL = "postgres://tributary:tributary@127.0.0.1:5432/tributary"

    public init(url: URL, poolSize: Int = 10) throws(ConfigurationError) {
        guard let host = url.host, let username = url.user, !username.isEmpty else {
            throw ConfigurationError(
                variable: "POSTGRES_URL", value: url.absoluteString, expected: "a URL like \(Self.defaultURL)")
        }
        self.host = host
        self.port = url.port ?? 5432
        self.username = username.removingPercentEncoding ?? username
        self.password = url.password.map { $0.removingPercentEncoding ?? $0 }
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        self.database = path.isEmpty ? self.username : path
        self.poolSize = poolSize
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        let url = try environment.url("POSTGRES_URL", default: Self.defaultURL, schemes: ["postgres", "postgresql"])
        let poolSize = try environment.int("POSTGRES_POOL_SIZE", default: 10, in: 1...500)
        try self.init(url: url, poolSize: poolSize)
    }

    /// The same server with another database: tests use one database each.
    public func with(database: String) -> PostgresConfig {
        var copy = self
        copy.database = database
        return copy
    }

    /// The configuration of a PostgresNIO connection pool for this server.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        return configuration
    }

    /// The configuration as a `POSTGRES_URL` value, password included: for handing to a child process.
    public var url: String {
        func encoded(_ part: String) -> String {
            part.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? part
        }
        let credentials = encoded(username) + (password.map { ":" + encoded($0) } ?? "")
        return "postgres://\(credentials)@\(host):\(port)/\(database)"
    }

    /// The URL without its password, for logs.
    public var redactedDescription: String { "postgres://\(username)@\(host):\(port)/\(database)" }
}
