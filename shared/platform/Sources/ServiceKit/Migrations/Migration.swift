/// One step of a service's database schema: applied once, in version order, never edited after
/// it shipped (the runner refuses a migration whose statements changed since they were applied).
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    /// Run in order inside one transaction; one SQL statement each (the extended query protocol
    /// PostgresNIO speaks takes one statement per query).
    public let statements: [String]

    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }

    /// FNV-1a over the statements, hex: detects a migration edited after it was applied.
    public var checksum: String {
        var hash = FNV1a()
        for statement in statements { hash.combine(statement.utf8 + [0]) }
        return String(hash.value, radix: 16)
    }
}

/// Why migrations could not be applied, with the service and version to look at.
public struct MigrationError: Error, CustomStringConvertible {
    public let service: String
    public let version: Int
    public let reason: String

    public var description: String { "migration \(version) of \(service): \(reason)" }
}
