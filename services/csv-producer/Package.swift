// swift-tools-version:6.1
import PackageDescription

// csv-producer: a command-line tool. `publish` streams a users CSV to RabbitMQ; `etl` cleans a
// sales CSV into CSV + Parquet on S3; `check` tells whether its servers answer.
let package = Package(
    name: "csv-producer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "csv-producer", targets: ["CSVProducerApp"])
    ],
    dependencies: [
        .package(path: "../../shared/contracts"),
        .package(path: "../../shared/platform"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // Only @main: parse the command line and run the chosen command.
        .executableTarget(
            name: "CSVProducerApp",
            dependencies: [
                "CSVProducerCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/App"
        ),
        .target(
            name: "CSVProducerCore",
            dependencies: [
                .product(name: "Contracts", package: "contracts"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "ObjectStore", package: "platform"),
                .product(name: "Parquet", package: "platform"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CSVProducerCoreTests",
            dependencies: ["CSVProducerCore", .product(name: "Parquet", package: "platform")]
        ),
        .testTarget(
            name: "CSVProducerIntegrationTests",
            dependencies: [
                "CSVProducerCore",
                .product(name: "TestInfra", package: "platform"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "ObjectStore", package: "platform"),
                .product(name: "Contracts", package: "contracts"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
