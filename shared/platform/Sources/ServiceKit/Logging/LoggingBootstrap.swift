import Logging

/// Installs the process-wide log handler once, at start-up, from a ``LoggingConfig``.
public enum LoggingBootstrap {
    /// Bootstraps swift-log for `service` and returns the service's root logger.
    /// Call it once per process, from `main`; tests create loggers without it.
    public static func bootstrap(service: String, config: LoggingConfig) -> Logger {
        LoggingSystem.bootstrap { label in
            switch config.format {
            case .json:
                return JSONLogHandler(label: label, service: service, level: config.level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = config.level
                return handler
            }
        }
        return Logger(label: service)
    }
}
