// swift-tools-version:6.1
import PackageDescription

// The platform package holds the plumbing every service shares, one library product per concern:
// ServiceKit (configuration, logging, metrics, health, migrations, lifecycle) and TestInfra
// (real servers for integration tests). Broker, cache, search and object store clients join it as products
// of their own.
let package = Package(
    name: "platform",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ServiceKit", targets: ["ServiceKit"]),
        .library(name: "TestInfra", targets: ["TestInfra"]),
        .library(name: "RabbitMQTestSupport", targets: ["RabbitMQTestSupport"]),
        .library(name: "RabbitMQ", targets: ["RabbitMQ"]),
        .library(name: "Redis", targets: ["Redis"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "ObjectStore", targets: ["ObjectStore"]),
        .library(name: "Search", targets: ["Search"]),
        .library(name: "Parquet", targets: ["Parquet"]),
    ],
    dependencies: [
        // traits: [] keeps the compiler flags stable between builds (see docs/building.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The range PostgresNIO and swift-certificates already accept, so the graph keeps one swift-crypto.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"6.0.0"),
    ],
    targets: [
        .target(
            name: "ServiceKit",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "TestInfra",
            dependencies: [
                "ServiceKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // hiredis formats and parses RESP for the Redis client; the I/O itself is SwiftNIO's.
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .target(
            name: "Redis",
            dependencies: [
                "CHiredis",
                "ServiceKit",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // librdkafka from Debian's librdkafka-dev; the tests run against the 2.16 bundled in PyPI
        // confluent-kafka (deploy/local/rdkafka-runtime.sh), which the local Kafka-API broker needs.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                "ServiceKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),
        .target(
            name: "RabbitMQ",
            dependencies: [
                "CRabbitMQ",
                "ServiceKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Test helpers for services that consume a work queue (TestInfra itself stays free of RabbitMQ).
        .target(name: "RabbitMQTestSupport", dependencies: ["RabbitMQ", "TestInfra"]),
        .testTarget(name: "RabbitMQTests", dependencies: ["RabbitMQ"]),
        .testTarget(
            name: "RabbitMQIntegrationTests",
            dependencies: [
                "RabbitMQ",
                "ServiceKit",
                "TestInfra",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "PlatformIntegrationTests",
            dependencies: [
                "ObjectStore",
                "ServiceKit",
                "TestInfra",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "RedisTests",
            dependencies: [
                "Redis",
                "ServiceKit",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RedisIntegrationTests",
            dependencies: [
                "Redis",
                "ServiceKit",
                "TestInfra",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // S3 over AsyncHTTPClient, signed with AWS Signature Version 4 (SHA-256 and HMAC from swift-crypto).
        .target(
            name: "ObjectStore",
            dependencies: [
                "ServiceKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ObjectStoreTests",
            dependencies: [
                "ObjectStore",
                "ServiceKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ObjectStoreIntegrationTests",
            dependencies: [
                "ObjectStore",
                "ServiceKit",
                "TestInfra",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Elasticsearch's HTTP API over AsyncHTTPClient (indexes, bulk, search): the search index of user-api.
        .target(
            name: "Search",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SearchIntegrationTests",
            dependencies: ["Search", "ServiceKit", "TestInfra"]
        ),
        // Parquet files written from the format's specification (no Swift Parquet library exists to
        // reuse); pages are compressed by Debian's libsnappy-dev or libzstd-dev.
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "Parquet", dependencies: ["CSnappy", "CZstd"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "ServiceKit"]),
        .testTarget(
            name: "KafkaIntegrationTests",
            dependencies: [
                "Kafka",
                "ServiceKit",
                "TestInfra",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ]
)
