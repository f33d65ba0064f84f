// swift-tools-version:6.1
import PackageDescription

// Log ingestion end to end (log-api → RabbitMQ → log-worker → PostgreSQL) against PostgreSQL's own
// COPY ceiling for the same table and records. This package holds the helper run.sh drives: it
// writes the sample records (wrk bodies, a COPY file), applies log-worker's schema to a fresh
// database, and publishes the records straight to the broker. Run through run.sh.
let package = Package(
    name: "log-ingest-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../shared/contracts"),
        .package(path: "../../shared/platform"),
        .package(path: "../../services/log-worker"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .executableTarget(
            name: "log-ingest-bench",
            dependencies: [
                .product(name: "Contracts", package: "contracts"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "LogWorkerCore", package: "log-worker"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        )
    ]
)
