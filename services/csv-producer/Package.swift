// swift-tools-version:6.1
import PackageDescription

// csv-producer: a command-line tool. `publish` streams a users CSV to RabbitMQ; `etl` cleans a
// sales CSV into CSV + Parquet on S3; `upload` sends JSON log files to log-api and follows their
// processing; `check` tells whether its servers answer.
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
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
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
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                // `upload`: the file streamed to log-api, its processing followed on the WebSocket.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
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
