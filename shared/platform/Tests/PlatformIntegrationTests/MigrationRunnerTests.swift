import Logging
import PostgresNIO
import ServiceKit
import TestInfra
import Testing

@Suite("Migration runner on PostgreSQL", .timeLimit(.minutes(5)))
struct MigrationRunnerTests {
    let logger = Logger(label: "migrations-test")

    static let schema = [
        Migration(
            version: 1, name: "create items",
            statements: ["CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)"]),
        Migration(
            version: 2, name: "index names",
            statements: [
                "CREATE INDEX items_name ON items (name)",
                "INSERT INTO items VALUES (1, 'seeded by migration 2')",
            ]),
    ]

    @Test func appliesInOrderOnceAndRecordsEachVersion() async throws {
        let servers = try await TestServers.shared()
        try await TestDatabase.with(servers) { database in
            try await withPostgresClient(database) { client in
                let runner = MigrationRunner(
                    service: "catalog", migrations: Self.schema, client: client, logger: logger)
                #expect(try await runner.run() == [1, 2])
                #expect(try await runner.run() == [])
                let rows = try await client.query(
                    "SELECT version, name FROM tributary_schema_migrations WHERE service = 'catalog' ORDER BY version",
                    logger: logger)
                var recorded: [String] = []
                for try await (version, name) in rows.decode((Int, String).self) {
                    recorded.append("\(version) \(name)")
                }
                #expect(recorded == ["1 create items", "2 index names"])
                let seeded = try await client.query("SELECT count(*) FROM items", logger: logger)
                for try await count in seeded.decode(Int.self) { #expect(count == 1) }
            }
        }
    }

    @Test func replicasStartingAtOnceApplyEachMigrationExactlyOnce() async throws {
        let servers = try await TestServers.shared()
        try await TestDatabase.with(servers) { database in
            try await withPostgresClient(database) { client in
                // Six "replicas" of two services race on one database: the lock makes them take turns.
                let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                    for replica in 0..<6 {
                        let service = replica.isMultiple(of: 2) ? "catalog" : "orders"
                        let migrations =
                            service == "catalog"
                            ? Self.schema
                            : [
                                Migration(
                                    version: 1, name: "create orders",
                                    statements: ["CREATE TABLE orders (id bigint PRIMARY KEY)"])
                            ]
                        group.addTask {
                            try await MigrationRunner(
                                service: service, migrations: migrations, client: client, logger: logger
                            ).run()
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(applied.filter { $0 == [1, 2] }.count == 1)
                #expect(applied.filter { $0 == [1] }.count == 1)
                #expect(applied.filter(\.isEmpty).count == 4)
                let seeded = try await client.query("SELECT count(*) FROM items", logger: logger)
                for try await count in seeded.decode(Int.self) { #expect(count == 1) }
            }
        }
    }

    @Test func aMigrationEditedAfterItShippedIsRefused() async throws {
        let servers = try await TestServers.shared()
        try await TestDatabase.with(servers) { database in
            try await withPostgresClient(database) { client in
                try await MigrationRunner(service: "catalog", migrations: Self.schema, client: client, logger: logger)
                    .run()
                var edited = Self.schema
                edited[0] = Migration(version: 1, name: "create items", statements: ["CREATE TABLE items (id int)"])
                let error = await #expect(throws: MigrationError.self) {
                    try await MigrationRunner(service: "catalog", migrations: edited, client: client, logger: logger)
                        .run()
                }
                #expect(error?.version == 1)
                #expect(error?.description.contains("was changed after it was applied") == true)
            }
        }
    }

    @Test func aFailingMigrationIsRolledBackNamedAndReleasesTheLock() async throws {
        let servers = try await TestServers.shared()
        try await TestDatabase.with(servers) { database in
            try await withPostgresClient(database) { client in
                let broken =
                    Self.schema + [
                        Migration(
                            version: 3, name: "broken",
                            statements: [
                                "CREATE TABLE half_done (id int)",
                                "ALTER TABLE no_such_table ADD COLUMN x int",
                            ])
                    ]
                let error = await #expect(throws: MigrationError.self) {
                    try await MigrationRunner(service: "catalog", migrations: broken, client: client, logger: logger)
                        .run()
                }
                #expect(error?.version == 3)
                #expect(error?.description.contains("no_such_table") == true)
                // Versions 1 and 2 stay applied; version 3 left nothing behind.
                let tables = try await client.query(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'", logger: logger)
                for try await count in tables.decode(Int.self) { #expect(count == 0) }
                // The lock was released: a fixed list applies at once.
                let fixed =
                    Self.schema + [
                        Migration(version: 3, name: "fixed", statements: ["CREATE TABLE half_done (id int)"])
                    ]
                #expect(
                    try await withTimeout(.seconds(10)) {
                        try await MigrationRunner(service: "catalog", migrations: fixed, client: client, logger: logger)
                            .run()
                    } == [3])
            }
        }
    }
}
