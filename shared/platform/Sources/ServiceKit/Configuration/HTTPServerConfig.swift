/// Where a service's HTTP side listens. `HTTP_HOST` (default 127.0.0.1; containers set 0.0.0.0)
/// and `HTTP_PORT` (each service documents its own default).
public struct HTTPServerConfig: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(environment: EnvironmentReader, defaultPort: Int) throws(ConfigurationError) {
        self.host = environment.string("HTTP_HOST", default: "127.0.0.1")
        self.port = try environment.int("HTTP_PORT", default: defaultPort, in: 0...65535)
    }
}
