import AsyncHTTPClient
import Foundation
import NIOCore
import TestInfra
import Testing

@testable import QueryServiceCore

/// Flows 2 and 3 end to end: `POST /logs` to the real log-api executable → RabbitMQ → the real
/// log-worker executable → PostgreSQL → query-service (in process) with its Redis cache.
/// `deploy/test.sh` builds log-api and log-worker (earlier packages) into the same scratch folder.
@Suite("logs end to end", .timeLimit(.minutes(10)))
struct LogPipelineEndToEndTests {
    @Test func postedLogsAreQueryableAndACachedQuerySeesTheNextCommit() async throws {
        for name in ["log-api", "log-worker"] {
            try #require(
                FileManager.default.isExecutableFile(atPath: BuiltProducts.path(name)),
                "build \(name) into the same scratch folder first (make build, or deploy/test.sh)")
        }
        try await LiveQueryService.with { api in
            let servers = try await TestServers.shared()
            let exchange = TestNames.unique("logs", separator: ".")
            let environment = servers.serviceEnvironment(
                database: api.database,
                overrides: [
                    "REDIS_URL": try api.redisServer.environment["REDIS_URL"] ?? "",
                    "LOG_INGEST_EXCHANGE": exchange, "LOG_INGEST_QUEUE": exchange + ".ingest",
                ])
            let worker = try ServiceProcess(executable: "log-worker", environment: environment)
            let ingest = try ServiceProcess(executable: "log-api", environment: environment)
            do {
                try await worker.waitUntilAnswering()
                try await ingest.waitUntilAnswering()
                let service = TestNames.unique("e2e", separator: "-")

                // Nothing yet, and that answer is now cached.
                #expect(try await api.get("/logs", [("service", service)]).page.ids.isEmpty)
                let cachedEmpty = try await api.get("/logs", [("service", service)])
                #expect(cachedEmpty.cache == "hit")
                #expect(try cachedEmpty.page.ids.isEmpty)

                let lines = (1...3).map {
                    #"{"level":"error","service":"\#(service)","message":"payment \#($0) failed","#
                        + #""timestamp":"2026-11-21T10:00:0\#($0).000Z","order":{"id":\#($0)}}"#
                }
                let accepted = try await post(
                    ingest.baseURL + "/logs", body: lines.joined(separator: "\n"), contentType: "application/x-ndjson")
                #expect(accepted.status == 202, "\(accepted.text)")
                let ids = try #require(try accepted.object()["ids"] as? [String]).compactMap(UUID.init(uuidString:))
                #expect(ids.count == 3)

                // The worker's commit bumps the generation: the cached empty answer no longer applies.
                let page = try await pollUntil("the three logs queryable", timeout: .seconds(30)) {
                    let ids = try await api.get("/logs", [("service", service)]).page.ids
                    return ids.count == 3 ? ids : nil
                }
                #expect(page == Array(ids.reversed()), "newest first by their timestamps")
                let match = try await api.get("/logs", [("service", service), ("match", #"{"order":{"id":2}}"#)])
                #expect(try match.page.ids == [ids[1]])
                let one = try await api.get("/logs/\(ids[0].uuidString.lowercased())")
                #expect(one.status == .ok)
                #expect(one.text.contains("payment 1 failed"))

                let single = try await post(
                    ingest.baseURL + "/log", body: #"{"level":"info","service":"\#(service)","message":"refund"}"#,
                    contentType: "application/json")
                #expect(single.status == 202, "\(single.text)")
                let four = try await pollUntil("the fourth log queryable", timeout: .seconds(30)) {
                    let ids = try await api.get("/logs", [("service", service)]).page.ids
                    return ids.count == 4 ? ids : nil
                }
                let singleID = try #require(UUID(uuidString: try single.object()["id"] as? String ?? ""))
                #expect(Set(four) == Set(ids + [singleID]))
            } catch {
                _ = try? await worker.stop()
                _ = try? await ingest.stop()
                throw error
            }
            #expect(try await worker.stop() == 0)
            #expect(try await ingest.stop() == 0)
        }
    }

    struct Answer {
        let status: Int
        let text: String
        func object() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
        }
    }

    private func post(_ url: String, body: String, contentType: String) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return Answer(status: Int(response.status.code), text: text)
    }
}
