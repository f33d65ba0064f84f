import Contracts
import Foundation
import Hummingbird
import Logging
import NIOCore
import Search
import ServiceKit

/// `GET /users/search?q=&role=&limit=&cursor=`: full text over name and e-mail address, best match
/// first, `{"next_cursor":…,"source":"elasticsearch"|"postgres","users":[…]}`.
///
/// Elasticsearch answers (any word's prefix, or a word within the usual edit distance). When it
/// fails or takes longer than `USER_SEARCH_TIMEOUT_MS`, PostgreSQL answers instead (substring or
/// trigram word similarity) and `source` says so; for the next `USER_SEARCH_COOLDOWN_MS` searches
/// go straight to PostgreSQL rather than each wait for Elasticsearch's failure (``FailureCooldown``). A cursor belongs to the source that made it
/// (``SearchCursor``): the pages of one search come from one source; a cursor of Elasticsearch while
/// it is down is a 503, so a client starts over rather than get pages that do not fit together.
public struct UserSearchController: Sendable {
    public static let defaultLimit = 20
    public static let maximumLimit = 100
    public static let maximumQueryLength = 200

    let index: UserSearchIndex
    let store: any ManagedUserStore
    let roles: ChoiceRule
    let timeout: Duration
    let cooldown: FailureCooldown
    let logger: Logger

    public init(
        index: UserSearchIndex, store: any ManagedUserStore, roles: ChoiceRule, timeout: Duration,
        cooldown: Duration, logger: Logger
    ) {
        self.index = index
        self.store = store
        self.roles = roles
        self.timeout = timeout
        self.cooldown = FailureCooldown(period: cooldown)
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("users/search", use: search)
    }

    @Sendable func search(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["q", "role", "limit", "cursor"])
        let query = try parameters.text("q", maximumLength: Self.maximumQueryLength)
        guard let query, !query.allSatisfy(\.isWhitespace) else {
            throw APIError(.badRequest, "q: required: the words to search for", parameter: "q")
        }
        let role = try UsersController.role(parameters, roles)
        let limit = try parameters.integer("limit", in: 1...Self.maximumLimit) ?? Self.defaultLimit
        let cursor = try parameters.value("cursor", expected: "the next_cursor of the page before") {
            SearchCursor(text: $0)
        }
        var writer = JSONWriter(capacity: limit * 220 + 80)
        if case .postgres(let offset) = cursor {
            try await fromPostgres(query, role: role, offset: offset, limit: limit, into: &writer)
        } else {
            let after: [SearchSortValue]?
            if case .elasticsearch(let values) = cursor { after = values } else { after = nil }
            do {
                guard !cooldown.isCoolingDown else { throw SearchSkipped() }
                let hits: SearchHits<UserSearchIndex.Document>
                do {
                    hits = try await withTimeout(timeout) {
                        try await index.search(query, role: role, after: after, size: limit + 1)
                    }
                } catch {
                    cooldown.failed()
                    logger.warning("search index unavailable, PostgreSQL answers", metadata: ["error": "\(error)"])
                    throw error
                }
                ManagedUserMetrics.searchedInElasticsearch.increment()
                let page = hits.hits.prefix(limit)
                writer.raw("{\"next_cursor\":")
                if hits.hits.count > limit, let sort = page.last?.sort {
                    writer.string(SearchCursor.elasticsearch(sort).text)
                } else {
                    writer.null()
                }
                writer.raw(",\"source\":\"elasticsearch\",\"users\":[")
                for (position, user) in page.compactMap(\.document.user).enumerated() {
                    if position > 0 { writer.raw(",") }
                    user.write(into: &writer)
                }
                writer.raw("]}")
            } catch {
                guard after == nil else {
                    throw APIError(
                        .serviceUnavailable,
                        "the search index that made this cursor is unavailable: search again without a cursor",
                        parameter: "cursor")
                }
                try await fromPostgres(query, role: role, offset: 0, limit: limit, into: &writer)
            }
        }
        return UsersController.json(.ok, ByteBuffer(bytes: writer.bytes))
    }

    private func fromPostgres(
        _ query: String, role: String?, offset: Int, limit: Int, into writer: inout JSONWriter
    ) async throws {
        let users = try await store.search(query, role: role, offset: offset, limit: limit + 1)
        ManagedUserMetrics.searchedInPostgres.increment()
        writer.raw("{\"next_cursor\":")
        if users.count > limit {
            writer.string(SearchCursor.postgres(offset: offset + limit).text)
        } else {
            writer.null()
        }
        writer.raw(",\"source\":\"postgres\",\"users\":[")
        for (position, user) in users.prefix(limit).enumerated() {
            if position > 0 { writer.raw(",") }
            user.write(into: &writer)
        }
        writer.raw("]}")
    }
}

/// Elasticsearch failed moments ago: not asked this time.
struct SearchSkipped: Error {}

/// Where the next page of a search starts: after a hit's sort values in Elasticsearch
/// (`es.<base64url of the JSON array>`), or at an offset in PostgreSQL's ranking (`pg.<offset>`).
enum SearchCursor: Equatable {
    case elasticsearch([SearchSortValue])
    case postgres(offset: Int)

    /// The largest offset a PostgreSQL cursor may hold: deep pages of a ranking cost a scan each.
    static let maximumOffset = 10_000

    init?(text: String) {
        if text.hasPrefix("pg."), let offset = Int(text.dropFirst(3)), (1...Self.maximumOffset).contains(offset) {
            self = .postgres(offset: offset)
            return
        }
        guard text.hasPrefix("es.") else { return nil }
        var base64 = text.dropFirst(3).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let values = try? JSONDecoder().decode([SearchSortValue].self, from: data), !values.isEmpty
        else { return nil }
        self = .elasticsearch(values)
    }

    var text: String {
        switch self {
        case .postgres(let offset): return "pg.\(offset)"
        case .elasticsearch(let values):
            let data = (try? JSONEncoder().encode(values)) ?? Data("[]".utf8)
            return "es."
                + data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
    }
}
