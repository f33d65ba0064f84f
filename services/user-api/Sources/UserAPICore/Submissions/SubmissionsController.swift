import Contracts
import Foundation
import Hummingbird
import Kafka
import Logging
import NIOCore
import Redis
import ServiceKit

/// The user submissions of user-api (flow 6):
/// - `POST /api/user`: one user object, an array of up to 10,000, or `text/csv`
///   (``SubmissionBody``); 202 `{"slug":…,"status_url":…}` once Kafka acknowledged every message
///   (``SubmissionMessage``) of the submission; 503 when it did not within
///   `KAFKA_PRODUCE_TIMEOUT_MS`, with the submission marked `failed`;
/// - `GET /api/user/status/{slug}?errors_limit=&errors_cursor=`: the status, the counts and a
///   keyset page of the errors;
/// - `GET /api/user/age-groups`: the stored users per age group, from one query, cached in Redis
///   under the generation the consumer bumps after each commit (``RedisGenerationCache``);
/// - `GET /api/users?limit=&cursor=`: the stored users, a keyset page in id order.
public struct SubmissionsController: Sendable {
    public static let defaultLimit = 100
    public static let maximumLimit = 1000
    static let ageGroupsKey = "all"

    let store: PostgresSubmissionStore
    let producer: KafkaProducer
    let ageGroupsCache: RedisGenerationCache
    let config: SubmissionsConfig
    let logger: Logger

    public init(
        store: PostgresSubmissionStore, producer: KafkaProducer, ageGroupsCache: RedisGenerationCache,
        config: SubmissionsConfig, logger: Logger
    ) {
        self.store = store
        self.producer = producer
        self.ageGroupsCache = ageGroupsCache
        self.config = config
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("api/user", use: submit)
        router.get("api/user/status/:slug", use: status)
        router.get("api/user/age-groups", use: ageGroups)
        router.get("api/users", use: users)
    }

    /// The longest user that fits a message with its envelope.
    var maximumUserBytes: Int {
        config.maximumMessageBytes - SubmissionMessage.envelopeBytes - SubmissionSlug.length - 1
    }

    @Sendable func submit(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let format = try SubmissionBody.format(request.headers[.contentType])
        let tooLarge = APIError(.contentTooLarge, "the body is larger than \(config.maximumBodyBytes) bytes")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > config.maximumBodyBytes {
            throw tooLarge
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: config.maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
        let users = try SubmissionBody.users(
            Array(body.readableBytesView), format: format, maximumUserBytes: maximumUserBytes)
        let slug = SubmissionSlug.make()
        let messages = SubmissionMessage.split(slug: slug, users: users, maximumBytes: config.maximumMessageBytes)
        try await store.createQueued(slug: slug, total: users.count, parts: messages.count)
        do {
            try await produce(messages, slug: slug)
        } catch {
            SubmissionMetrics.kafkaFailed.increment()
            let reason = "Kafka did not acknowledge the submission: \(error)"
            logger.error("submission not produced", metadata: ["slug": "\(slug)", "error": "\(error)"])
            do {
                try await store.markFailed(slug: slug, reason: reason)
            } catch {
                logger.error(
                    "submission not produced and not marked failed",
                    metadata: ["slug": "\(slug)", "error": "\(PostgresFailure.describe(error))"])
            }
            throw APIError(
                .serviceUnavailable,
                "Kafka did not acknowledge the submission within \(config.produceTimeout); it is marked failed (slug \(slug))",
                code: "kafka_unavailable")
        }
        SubmissionMetrics.accepted.increment()
        var writer = JSONWriter(capacity: 96)
        writer.raw("{\"slug\":")
        writer.string(slug)
        writer.raw(",\"status_url\":")
        writer.string(Self.statusPath(slug))
        writer.raw("}")
        var response = UsersController.json(.accepted, ByteBuffer(bytes: writer.bytes))
        response.headers[.location] = Self.statusPath(slug)
        return response
    }

    static func statusPath(_ slug: String) -> String { "/api/user/status/" + slug }

    /// Produces the messages one after the other (so they are stored in order: same key, same
    /// partition), each acknowledged before the next; throws when one is not within the timeout.
    private func produce(_ messages: [SubmissionMessage], slug: String) async throws {
        let producer = producer
        let topic = config.topic
        try await withTimeout(config.produceTimeout) {
            for message in messages {
                _ = try await producer.send(
                    KafkaProducerMessage(topic: topic, key: Array(slug.utf8), value: message.encoded))
                SubmissionMetrics.produced.increment()
            }
        }
    }

    @Sendable func status(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = context.parameters.get("slug") ?? ""
        guard SubmissionSlug.isWellFormed(slug), let snapshot = try await store.snapshot(slug: slug) else {
            throw APIError(.notFound, "no submission with this slug", parameter: "slug")
        }
        let parameters = try QueryParameters(request, allowed: ["errors_limit", "errors_cursor"])
        let limit = try parameters.integer("errors_limit", in: 1...Self.maximumLimit) ?? Self.defaultLimit
        let after = try parameters.value("errors_cursor", expected: "the next_errors_cursor of the page before") {
            Self.errorsCursor($0)
        }
        let page = try await store.errors(slug: slug, after: after, limit: limit + 1)
        let errors = page.prefix(limit)
        var writer = JSONWriter(capacity: 256 + errors.count * 120)
        writer.raw("{\"created_at\":")
        writer.date(snapshot.createdAt)
        writer.raw(",\"errors\":[")
        for (position, error) in errors.enumerated() {
            if position > 0 { writer.raw(",") }
            writer.raw("{\"field\":")
            writer.string(error.field)
            writer.raw(",\"index\":")
            writer.integer(error.index)
            writer.raw(",\"reason\":")
            writer.string(error.reason)
            writer.raw("}")
        }
        writer.raw("],\"failure\":")
        writer.string(snapshot.failure)
        writer.raw(",\"next_errors_cursor\":")
        if page.count > limit, let last = errors.last {
            writer.string("\(last.index).\(last.seq)")
        } else {
            writer.null()
        }
        writer.raw(",\"processed\":")
        writer.integer(snapshot.stored + snapshot.rejected)
        writer.raw(",\"rejected\":")
        writer.integer(snapshot.rejected)
        writer.raw(",\"slug\":")
        writer.string(slug)
        writer.raw(",\"status\":")
        writer.string(snapshot.status.rawValue)
        writer.raw(",\"stored\":")
        writer.integer(snapshot.stored)
        writer.raw(",\"total\":")
        writer.integer(snapshot.total)
        writer.raw(",\"updated_at\":")
        writer.date(snapshot.updatedAt)
        writer.raw("}")
        return UsersController.json(.ok, ByteBuffer(bytes: writer.bytes))
    }

    /// `index.seq`, as `next_errors_cursor` writes it.
    static func errorsCursor(_ text: String) -> (index: Int, seq: Int)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let seq = Int(parts[1]), index >= 0, seq >= 0,
            index <= Int(Int32.max), seq <= Int(Int32.max)
        else { return nil }
        return (index, seq)
    }

    @Sendable func ageGroups(_ request: Request, context: BasicRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let lookup = await ageGroupsCache.lookup(Self.ageGroupsKey)
        if case .hit(let cached) = lookup { return UsersController.json(.ok, cached) }
        let counts = try await store.ageGroups()
        var writer = JSONWriter(capacity: 320)
        writer.raw("{\"groups\":[")
        for (position, (label, count)) in zip(AgeGroups.labels, counts).enumerated() {
            if position > 0 { writer.raw(",") }
            writer.raw("{\"count\":")
            writer.integer(count)
            writer.raw(",\"range\":")
            writer.string(label)
            writer.raw("}")
        }
        writer.raw("],\"total\":")
        writer.integer(counts.reduce(0, +))
        writer.raw("}")
        let body = ByteBuffer(bytes: writer.bytes)
        if case .miss(let generation) = lookup {
            await ageGroupsCache.store(body, for: Self.ageGroupsKey, generation: generation)
        }
        return UsersController.json(.ok, body)
    }

    @Sendable func users(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["limit", "cursor"])
        let limit = try parameters.integer("limit", in: 1...Self.maximumLimit) ?? Self.defaultLimit
        let after = try parameters.value("cursor", expected: "the next_cursor of the page before") {
            UUID(uuidString: $0)
        }
        let page = try await store.users(after: after, limit: limit + 1)
        let users = page.prefix(limit)
        var writer = JSONWriter(capacity: users.count * 200 + 40)
        writer.raw("{\"next_cursor\":")
        if page.count > limit, let last = users.last { writer.uuid(last.id) } else { writer.null() }
        writer.raw(",\"users\":[")
        for (position, user) in users.enumerated() {
            if position > 0 { writer.raw(",") }
            writer.raw("{\"age\":")
            writer.integer(user.age)
            writer.raw(",\"created_at\":")
            writer.date(user.createdAt)
            writer.raw(",\"email\":")
            writer.string(user.email)
            writer.raw(",\"id\":")
            writer.uuid(user.id)
            writer.raw(",\"index\":")
            writer.integer(user.recordIndex)
            writer.raw(",\"name\":")
            writer.string(user.name)
            writer.raw(",\"phone\":")
            writer.string(user.phone)
            writer.raw(",\"submission\":")
            writer.string(user.submission)
            writer.raw("}")
        }
        writer.raw("]}")
        return UsersController.json(.ok, ByteBuffer(bytes: writer.bytes))
    }
}
