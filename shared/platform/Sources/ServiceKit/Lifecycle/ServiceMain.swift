#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What every service's `@main` shares: read the configuration or stop with a clear message.
public enum ServiceMain {
    /// Exit status for a configuration error (EX_CONFIG from sysexits.h).
    public static let configurationErrorExitCode: Int32 = 78

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
