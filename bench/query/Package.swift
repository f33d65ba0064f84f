// swift-tools-version:6.1
import PackageDescription

// `query-bench`: loads generated logs into a database of its own with log-worker's schema, measures
// query-service's answers (uncached and cached) over HTTP, and EXPLAINs the exact SQL the service
// runs. run.sh drives it and adds wrk for the cached figures.
let package = Package(
    name: "query-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../shared/platform"),
        .package(path: "../../services/query-service"),
        .package(path: "../../services/log-worker"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "query-bench",
            dependencies: [
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "QueryServiceCore", package: "query-service"),
                .product(name: "LogWorkerCore", package: "log-worker"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/QueryBench"
        )
    ]
)
