import ServiceKit

extension TestServers {
    /// The environment a service under test reads: every server's variables from `servers.env`,
    /// POSTGRES_URL pointing at the test's own database, then `overrides`.
    public func serviceEnvironment(database: PostgresConfig, overrides: [String: String] = [:]) -> [String: String] {
        var values = environment
        values["POSTGRES_URL"] = database.url
        values["LOG_LEVEL"] = "info"
        values["LOG_FORMAT"] = "json"
        return values.merging(overrides) { _, new in new }
    }

    /// `serviceEnvironment` as the reader a service's configuration type takes.
    public func serviceEnvironmentReader(
        database: PostgresConfig, overrides: [String: String] = [:]
    ) -> EnvironmentReader {
        EnvironmentReader(serviceEnvironment(database: database, overrides: overrides))
    }
}
