import Hummingbird
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every service's `@main` shares: read the configuration or stop with a clear message, then run
/// until stopped.
public enum ServiceMain {
    /// Exit status for a configuration error (EX_CONFIG from sysexits.h).
    public static let configurationErrorExitCode: Int32 = 78
    /// Exit status when a service of the process failed and so stopped the others.
    public static let serviceFailureExitCode: Int32 = 1

    /// Builds the application with `build` and runs it until it stops. When building fails, or one of
    /// its services fails (a port already taken, a dependency it cannot do without) so that the service
    /// group stops the others, the error is logged and the process exits with status 1, where an error
    /// thrown out of `main` would be a trap (SIGILL) with a backtrace instead of a log line.
    public static func run<App: ApplicationProtocol>(logger: Logger, _ build: @Sendable () throws -> App) async {
        do {
            try await build().runService()
        } catch {
            logger.critical("a service failed; the process stops", metadata: ["error": "\(error)"])
            exit(serviceFailureExitCode)
        }
    }

    /// Builds the configuration from the process environment; on a bad value prints the
    /// ``ConfigurationError`` (naming the variable and what it expected) and exits with status 78.
    public static func loadConfiguration<Config>(
        _ make: (EnvironmentReader) throws(ConfigurationError) -> Config
    ) -> Config {
        do {
            return try make(EnvironmentReader())
        } catch {
            var message = "\(error)\n"
            message.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
            exit(configurationErrorExitCode)
        }
    }
}
