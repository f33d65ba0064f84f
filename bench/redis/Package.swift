// swift-tools-version:6.1
import PackageDescription

// `redis-bench`: GET of a 1 KiB value through the Redis pool of shared/platform, at a given
// concurrency, compared by run.sh with `redis-benchmark -t get` at the same concurrency.
let package = Package(
    name: "redis-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../shared/platform")
    ],
    targets: [
        .executableTarget(
            name: "redis-bench",
            dependencies: [.product(name: "Redis", package: "platform")],
            path: "Sources/RedisBench"
        )
    ]
)
