import Contracts
import Foundation
import Hummingbird
import NIOCore
import ServiceKit

/// The `/users` resource of user-api:
/// - `POST /users` `{name, email, role}`: 201 with the user; 409 when the address is taken
///   (without regard to case: the unique index decides, never a read before the write);
/// - `GET /users/{email}`: through the cache (``ManagedUserCache``); 404 when absent;
/// - `PATCH /users/{email}` with any of `name`, `email`, `role`: 200 with the user;
/// - `DELETE /users/{email}`: 204;
/// - `GET /users?role=&limit=&cursor=`: a keyset page in id order, `{"users":[…],"next_cursor":…}`
///   (`limit` 1 to 1000, default 100; `cursor` the `next_cursor` of the page before).
///
/// Every write commits in PostgreSQL first (with its outbox row for the search index); the cache
/// follows after the commit and never fails a request.
public struct UsersController: Sendable {
    /// The largest body: a user is well under 1 KiB.
    public static let maximumBodyBytes = 16 * 1024
    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    let store: any ManagedUserStore
    let cache: ManagedUserCache
    let roles: ChoiceRule

    public init(store: any ManagedUserStore, cache: ManagedUserCache, roles: ChoiceRule) {
        self.store = store
        self.cache = cache
        self.roles = roles
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("users", use: create)
        router.get("users", use: list)
        router.get("users/:email", use: get)
        router.patch("users/:email", use: update)
        router.delete("users/:email", use: delete)
    }

    @Sendable func create(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let input = try await input(request, requireAll: true)
        guard let name = input.name, let email = input.email, let role = input.role,
            let user = try await store.create(name: name, email: email, role: role)
        else {
            throw APIError(.conflict, "a user with this e-mail address exists", field: "email")
        }
        await cache.written(user)
        var response = Self.json(.created, ByteBuffer(bytes: user.json))
        response.headers[.location] = "/users/" + Self.pathSegment(user.email)
        return response
    }

    @Sendable func get(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let email = try Self.email(context)
        switch try await cache.read(email) {
        case .user(let json): return Self.json(.ok, json)
        case .notFound: throw Self.noSuchUser
        }
    }

    @Sendable func update(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let email = try Self.email(context)
        let changes = try await input(request, requireAll: false)
        let user: ManagedUser?
        do {
            user = try await store.update(email: email, changes: changes)
        } catch ManagedUserStoreError.emailTaken {
            throw APIError(.conflict, "another user has this e-mail address", field: "email")
        }
        guard let user else { throw Self.noSuchUser }
        await cache.written(user, previousEmail: email)
        return Self.json(.ok, ByteBuffer(bytes: user.json))
    }

    @Sendable func delete(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let email = try Self.email(context)
        guard let deleted = try await store.delete(email: email) else { throw Self.noSuchUser }
        await cache.deleted(deleted)
        return Response(status: .noContent)
    }

    @Sendable func list(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["role", "limit", "cursor"])
        let role = try Self.role(parameters, roles)
        let limit = try parameters.integer("limit", in: 1...Self.maximumLimit) ?? Self.defaultLimit
        let after = try parameters.value("cursor", expected: "the next_cursor of the page before") {
            UUID(uuidString: $0)
        }
        let page = try await store.page(role: role, after: after, limit: limit + 1)
        let users = page.prefix(limit)
        var writer = JSONWriter(capacity: users.count * 220 + 40)
        writer.raw("{\"next_cursor\":")
        if page.count > limit, let last = users.last { writer.uuid(last.id) } else { writer.null() }
        writer.raw(",\"users\":[")
        for (position, user) in users.enumerated() {
            if position > 0 { writer.raw(",") }
            user.write(into: &writer)
        }
        writer.raw("]}")
        return Self.json(.ok, ByteBuffer(bytes: writer.bytes))
    }

    private func input(_ request: Request, requireAll: Bool) async throws -> UserInput {
        let body = try await JSONRequestBody.collect(request, maximumBytes: Self.maximumBodyBytes)
        switch UserInput.parse(body, roles: roles, requireAll: requireAll) {
        case .success(let input): return input
        case .failure(let error): throw APIError(.badRequest, error.message, field: error.field)
        }
    }

    /// `role=`, one of the configured roles.
    static func role(_ parameters: QueryParameters, _ roles: ChoiceRule) throws -> String? {
        guard let role = parameters["role"] else { return nil }
        if let violation = roles.violation(role, field: "role") {
            throw APIError(.badRequest, "role: \(violation.problem)", parameter: "role")
        }
        return role
    }

    /// The address in the path: a plausible e-mail address, else a 400 naming it.
    static func email(_ context: BasicRequestContext) throws -> String {
        let raw = context.parameters.get("email") ?? ""
        // Foundation's decoding only where there is something to decode: this runs for every read.
        let email = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding ?? raw : raw
        if let problem = EmailAddressRule.problem(email) {
            throw APIError(.badRequest, "email: not an e-mail address: \(problem)", parameter: "email")
        }
        return email
    }

    static let noSuchUser = APIError(.notFound, "no user with this e-mail address")

    /// `email` as a path segment (`Location` header): only unreserved characters and `@` unescaped.
    static func pathSegment(_ email: String) -> String {
        email.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~@+"))) ?? email
    }

    static func json(_ status: HTTPResponse.Status, _ body: ByteBuffer) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}
