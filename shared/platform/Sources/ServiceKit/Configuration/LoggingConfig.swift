import Logging

/// How a service logs: `LOG_LEVEL` (trace…critical, default info) and `LOG_FORMAT`
/// (json: one JSON object per line, the default; text: for people reading a terminal).
public struct LoggingConfig: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case json
        case text
    }

    public var level: Logger.Level
    public var format: Format

    public init(level: Logger.Level = .info, format: Format = .json) {
        self.level = level
        self.format = format
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.level = try environment.choice("LOG_LEVEL", default: Logger.Level.info)
        self.format = try environment.choice("LOG_FORMAT", default: Format.json)
    }
}
