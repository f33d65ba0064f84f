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
public struct LogRoutes<Repository: LogRepository>: Sendable {
    let repository: Repository
    let cache: QueryCache
    let database: DatabaseReads

    /// `queryTimeout`: the most a request waits for PostgreSQL before it answers 503.
    public init(repository: Repository, cache: QueryCache, queryTimeout: Duration, logger: Logger) {
        self.repository = repository
        self.cache = cache
        self.database = DatabaseReads(timeout: queryTimeout, logger: logger)
    }

    public static var cacheHeader: HTTPField.Name { HTTPField.Name("X-Cache")! }

    public func add(to router: Router<BasicRequestContext>) {
        router.get("logs") { request, _ in try await list(request) }
        router.get("logs/stats") { request, _ in try await stats(request) }
        router.get("logs/:id") { _, context in try await show(context.parameters.get("id") ?? "") }
    }

    func list(_ request: Request) async throws -> Response {
        let query = try LogQuery(QueryParameters.pairs(of: request))
        let repository = self.repository
        return try await cached(QueryCacheKey(query), endpoint: .logs) {
            LogJSON.page(try await repository.page(query), limit: query.limit)
        }
    }

    func stats(_ request: Request) async throws -> Response {
        let query = try LogStatsQuery(QueryParameters.pairs(of: request), now: .now)
        let repository = self.repository
        return try await cached(QueryCacheKey(query), endpoint: .stats) {
            LogJSON.stats(try await repository.stats(query), query: query)
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
        let repository = self.repository
        let found = try await database.run { try await repository.log(id: id) }
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
        if let cache { headers[cacheHeader] = cache }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
