// swift-tools-version:6.1
import PackageDescription

// log-worker: Stores queued logs and uploaded files' records in PostgreSQL in batches; publishes file events to Redis.
let package = Package(
    name: "log-worker",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "log-worker", targets: ["LogWorkerApp"]),
        // query-service's integration tests apply the `logs` schema this package owns.
        .library(name: "LogWorkerCore", targets: ["LogWorkerCore"]),
    ],
    dependencies: [
        .package(path: "../../shared/contracts"),
        .package(path: "../../shared/platform"),
        // traits: [] keeps the compiler flags stable between builds (see shared/notes/swift-build.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // Only @main: read configuration, build the application, run it.
        .executableTarget(
            name: "LogWorkerApp",
            dependencies: [
                "LogWorkerCore",
                .product(name: "ServiceKit", package: "platform"),
            ],
            path: "Sources/App"
        ),
        .target(
            name: "LogWorkerCore",
            dependencies: [
                .product(name: "Contracts", package: "contracts"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LogWorkerCoreTests",
            dependencies: [
                "LogWorkerCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "LogWorkerIntegrationTests",
            dependencies: [
                "LogWorkerCore",
                .product(name: "TestInfra", package: "platform"),
            ]
        ),
    ]
)
