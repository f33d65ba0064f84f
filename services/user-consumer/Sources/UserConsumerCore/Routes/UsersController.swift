import Contracts
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The `/users` resource: list, read, create and delete users.
///
/// - `GET /users?limit=&after=`: a keyset page, `{"users":[…],"next_cursor":"<last id>"|null}`
///   (`limit` 1 to 1000, default 100; `after` an id ≥ 0);
/// - `GET /users/{id}`: Redis, else PostgreSQL (then cached); 404 when absent;
/// - `POST /users`: a JSON user (``NewUserInput``), 201; 409 when the id exists;
/// - `DELETE /users/{id}`, `DELETE /users?id=`: 204; 404 when absent.
///
/// Writes go to PostgreSQL first; the cache and the changes channel follow the commit
/// (``UserChangePublisher``), and a Redis failure never fails a request. Parameters are read by
/// ServiceKit's ``QueryParameters`` and every error answers in the shape of ServiceKit's ``APIError``.
public struct UsersController: Sendable {
    /// The largest `POST /users` body: a user is well under 1 KiB.
    public static let maximumBodyBytes = 16 * 1024
    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    let store: any UserStore
    let cache: any UserCache
    let changes: any UserChangePublisher
    let cipher: EmailCipher
    let logger: Logger

    public init(
        store: any UserStore, cache: any UserCache, changes: any UserChangePublisher, cipher: EmailCipher,
        logger: Logger
    ) {
        self.store = store
        self.cache = cache
        self.changes = changes
        self.cipher = cipher
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("users", use: list)
        router.get("users/:id", use: get)
        router.post("users", use: create)
        router.delete("users/:id", use: deleteByPath)
        router.delete("users", use: deleteByQuery)
    }

    @Sendable func list(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["limit", "after"])
        let limit = try parameters.integer("limit", in: 1...Self.maximumLimit) ?? Self.defaultLimit
        let after = try parameters.integer("after", in: Int64(0)...Int64.max) ?? 0
        let page = try await store.page(after: after, limit: limit + 1)
        let users = page.prefix(limit)
        var body = ByteBuffer()
        body.reserveCapacity(users.count * 220 + 40)
        body.writeStaticString("{\"users\":[")
        for (index, user) in users.enumerated() {
            if index > 0 { body.writeStaticString(",") }
            UserJSON.write(try opened(user), into: &body)
        }
        body.writeStaticString("],\"next_cursor\":")
        if page.count > limit, let last = users.last {
            body.writeString("\"\(last.id)\"")
        } else {
            body.writeStaticString("null")
        }
        body.writeStaticString("}")
        return Self.json(.ok, body)
    }

    @Sendable func get(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let id = try Self.userID(context.parameters.get("id") ?? "")
        let lookup = await cache.lookup(id: id)
        if case .hit(let user) = lookup { return Self.json(.ok, UserJSON.encode(try opened(user))) }
        guard let user = try await store.user(id: id) else { throw Self.noSuchUser(id) }
        if lookup == .miss { await cache.fill(user) }
        return Self.json(.ok, UserJSON.encode(try opened(user)))
    }

    @Sendable func create(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await JSONRequestBody.collect(request, maximumBytes: Self.maximumBodyBytes)
        let record: UserRecord
        switch NewUserInput.parse(body) {
        case .success(let valid): record = valid
        case .failure(let error): throw APIError(.badRequest, error.message, field: error.field)
        }
        let user = try StoredUser(sealing: record, with: cipher)
        guard try await store.insert(user, messageID: "api-" + UUID().uuidString.lowercased()) else {
            throw APIError(.conflict, "a user with id \(record.id) exists", field: "id")
        }
        await changes.committed([user])
        var response = Self.json(.created, UserJSON.encode(record))
        response.headers[.location] = "/users/\(record.id)"
        return response
    }

    @Sendable func deleteByPath(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await delete(try Self.userID(context.parameters.get("id") ?? ""))
    }

    @Sendable func deleteByQuery(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["id"])
        let id = try parameters.required("id", expected: "the id of the user to delete")
        return try await delete(try Self.userID(id))
    }

    private func delete(_ id: Int64) async throws -> Response {
        guard try await store.delete(id: id) else { throw Self.noSuchUser(id) }
        await changes.deleted(id: id)
        return Response(status: .noContent)
    }

    /// The user with the address in clear; a 500 naming the user when it cannot be opened (the key
    /// changed while rows existed).
    private func opened(_ user: StoredUser) throws -> UserRecord {
        do {
            return try user.opened(with: cipher)
        } catch {
            logger.error(
                "cannot open a stored e-mail address", metadata: ["user_id": "\(user.id)", "error": "\(error)"])
            throw APIError(
                .internalServerError,
                "the stored e-mail address of user \(user.id) cannot be opened with USER_EMAIL_KEY")
        }
    }

    /// A user id (a path segment or `id=`): a positive integer.
    static func userID(_ text: String) throws(QueryParameterError) -> Int64 {
        try QueryParameters.integer(text, named: "id", in: 1...Int64.max)
    }

    static func noSuchUser(_ id: Int64) -> APIError { APIError(.notFound, "no user with id \(id)") }

    static func json(_ status: HTTPResponse.Status, _ body: ByteBuffer) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}
