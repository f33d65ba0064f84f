import Contracts
import Foundation
import TestInfra
import Testing

@testable import UserConsumerCore

/// Flow 1 end to end: the real `csv-producer publish` executable → RabbitMQ → user-consumer →
/// PostgreSQL and Redis. `deploy/test.sh` builds csv-producer (an earlier package) into the same
/// scratch folder first.
@Suite("users CSV end to end", .timeLimit(.minutes(10)))
struct CSVToUsersEndToEndTests {
    static let header = "id,first_name,last_name,email_address,created_at,deleted_at,merged_at,parent_user_id"

    @Test func exactlyTheGoodRowsReachPostgreSQLAndRedisAndTheBadOnesAreReportedByLine() async throws {
        let producer = BuiltProducts.path("csv-producer")
        try #require(
            FileManager.default.isExecutableFile(atPath: producer),
            "build csv-producer into the same scratch folder first (make build, or deploy/test.sh)")
        // 250 rows, four bad ones: lines 4, 43 (a quoted name with a line break, which the user rules
        // refuse, spanning two lines of the file), 100 and 200.
        var lines = [Self.header]
        for id in 1...250 {
            lines.append("\(id),First\(id),Last\(id),user\(id)@example.com,\(1_700_000_000 + id),-1,-1,-1")
        }
        lines[3] = "x3,Bad,Id,bad@example.com,1,-1,-1,-1"
        lines[99] = "99,Bad,Mail,not-an-address,1,-1,-1,-1"
        lines[199] = "199,Bad,Time,time@example.com,yesterday,-1,-1,-1"
        lines[42] = "42,\"Multi\nLine\",Name,user42@example.com,1700000042,-1,-1,-1"
        let good = Set(1...250).subtracting([3, 42, 99, 199]).map(Int64.init)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString).csv")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        try await withLiveUserConsumer(role: "worker") { api in
            let servers = try await TestServers.shared()
            let result = try await ShellCommand.capture(
                [
                    producer, "publish", file.path, "--exchange", api.exchange, "--queue", api.queue,
                    "--rows-per-message", "40",
                ],
                environment: servers.environment)
            #expect(result.status == 0, "\(result.output)")
            // Line numbers of the file: the multi-line row shifts the lines after it by one.
            #expect(result.output.contains("line 4: bad id \"x3\""), "\(result.output)")
            #expect(result.output.contains("line 43: bad first_name"), "\(result.output)")
            #expect(result.output.contains("line 101: bad email_address"), "\(result.output)")
            #expect(result.output.contains("line 201: bad created_at"), "\(result.output)")
            #expect(result.output.contains("rows read: 250, published: 246, rejected: 4"), "\(result.output)")

            let stored = try await pollUntil("246 users stored", timeout: .seconds(30)) {
                let page = try await api.store.page(after: 0, limit: 1_000)
                return page.count >= good.count ? page : nil
            }
            #expect(stored.map(\.id) == good.sorted())
            #expect(try await api.stored(42) == nil)
            for id in good {
                let cached = try #require(try await api.cached(id), "user \(id) not in Redis")
                #expect(try CachedUserValue.decode(Array(cached.utf8)).opened(with: api.cipher).id == id)
            }
            for id: Int64 in [3, 42, 99, 199] { #expect(try await api.cached(id) == nil) }
            // The shared batch consumer's counters reach /metrics.
            let metrics = String(buffer: try await api.execute(.get, "/metrics").body)
            #expect(metrics.contains("batch_consumer_stored_messages_total{queue=\"\(api.queue)\"}"), "\(metrics)")
        }
    }
}
