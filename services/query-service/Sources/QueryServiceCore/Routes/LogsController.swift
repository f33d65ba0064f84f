import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The read API over stored logs:
/// - `GET /logs`: a page of logs matching the filters (``LogQuery``), newest first, cached;
/// - `GET /logs/stats`: counts per level per minute or hour (``LogStatsQuery``), cached;
/// - `GET /logs/{id}`: one log (a primary-key lookup, not cached).
///
/// Every answer is JSON. `X-Cache: hit` marks an answer served from Redis, `X-Cache: miss` one
/// read from PostgreSQL (also when Redis is down). A hit is byte for byte the answer PostgreSQL gave.
public struct LogsController<Reads: LogReads, Cache: QueryCache>: Sendable {
    let reads: Reads
    let cache: Cache
    let database: TimedReads

    /// `queryTimeout`: the most a request waits for PostgreSQL before it answers 503.
    public init(reads: Reads, cache: Cache, queryTimeout: Duration, logger: Logger) {
        self.reads = reads
        self.cache = cache
        self.database = TimedReads(timeout: queryTimeout, logger: logger)
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("logs") { request, _ in try await list(request) }
        router.get("logs/stats") { request, _ in try await stats(request) }
        router.get("logs/:id") { _, context in try await show(context.parameters.get("id") ?? "") }
    }

    func list(_ request: Request) async throws -> Response {
        let query = try LogQuery(QueryParameters.pairs(of: request))
        let reads = self.reads
        return try await cached(QueryCacheKey(query), endpoint: .logs) {
            LogJSON.page(try await reads.page(query), limit: query.limit)
        }
    }

    func stats(_ request: Request) async throws -> Response {
        let query = try LogStatsQuery(QueryParameters.pairs(of: request), now: .now)
        let reads = self.reads
        return try await cached(QueryCacheKey(query), endpoint: .stats) {
            LogJSON.stats(try await reads.stats(query), query: query)
        }
    }

    func show(_ text: String) async throws -> Response {
        guard let id = UUID(uuidString: text) else {
            throw QueryParameterError(
                parameter: "id",
                reason:
                    "expected a UUID such as 0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b, found \(QueryParameters.quoted(text))"
            )
        }
        let reads = self.reads
        let found = try await database.run { try await reads.log(id: id) }
        guard let log = found else {
            throw APIError(.notFound, "no log with id \(id.uuidString.lowercased())")
        }
        return Self.json(LogJSON.log(log), cache: nil)
    }

    /// Serves the cached answer for `key`, or produces it from PostgreSQL and stores it under the
    /// generation read before the query ran.
    private func cached(
        _ key: QueryCacheKey, endpoint: QueryCacheMetrics.Endpoint,
        produce: @escaping @Sendable () async throws -> ByteBuffer
    ) async throws -> Response {
        let lookup = await cache.lookup(key, for: endpoint)
        if case .hit(let body) = lookup { return Self.json(body, cache: "hit") }
        let body = try await database.run(produce)
        if case .miss(let generation) = lookup {
            await cache.store(body, for: key, generation: generation, endpoint: endpoint)
        }
        return Self.json(body, cache: "miss")
    }

    static func json(_ body: ByteBuffer, cache: String?) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let cache { headers[.xCache] = cache }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}

extension HTTPField.Name {
    /// `X-Cache: hit` on an answer served from the ``QueryCache``, `miss` on one read from PostgreSQL.
    public static var xCache: HTTPField.Name { HTTPField.Name("X-Cache")! }
}
