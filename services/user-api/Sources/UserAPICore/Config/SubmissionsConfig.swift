import ServiceKit

/// The settings of the user submissions (`POST /api/user`, the Kafka consumer, `/api/user/age-groups`):
/// - `USER_SUBMISSIONS_TOPIC` (default `user-submissions`): the topic the records are produced to;
/// - `USER_SUBMISSIONS_DEAD_LETTER_TOPIC` (default `user-submissions.dead-letter`): where a message
///   the consumer cannot decode goes, with its reason in the `reason` header;
/// - `USER_SUBMISSIONS_PARTITIONS` (default 6): the topic's partitions, created at start; the most
///   consumer replicas that get work;
/// - `USER_SUBMISSIONS_GROUP` (default `user-api-submissions`): the consumer group;
/// - `USER_SUBMISSIONS_CONSUMER_CONCURRENCY` (default 2): messages of different partitions one
///   consumer process applies at once (a partition's messages stay in order);
/// - `USER_SUBMISSIONS_SESSION_TIMEOUT_MS` (default 10000): how long the group waits for a silent
///   consumer before its partitions move (`session.timeout.ms`);
/// - `USER_SUBMISSIONS_MAX_MESSAGE_BYTES` (default 900000): the largest message value; a submission
///   is split, in order, into messages up to this size (Kafka's default limit is 1 MB);
/// - `USER_SUBMISSIONS_MAX_BODY_BYTES` (default 16777216): the largest `POST /api/user` body (413 past it);
/// - `KAFKA_PRODUCE_TIMEOUT_MS` (default 5000): how long `POST /api/user` waits for every delivery
///   report before it answers 503 and marks the submission `failed`;
/// - `USER_AGE_GROUPS_CACHE_TTL` (seconds, default 300): how long an age-groups answer stays in Redis
///   (a commit makes it obsolete at once: it is stored under the generation each commit bumps);
/// - `USER_AGE_GROUPS_CACHE_KEY_PREFIX` (default `tributary:user-api:age-groups:`): the Redis keys of
///   the generation (`<prefix>generation`) and the answers (`<prefix><generation>:…`).
public struct SubmissionsConfig: Sendable, Equatable {
    /// The most users one `POST /api/user` may carry.
    public static let maximumUsers = 10_000

    public var topic: String
    public var deadLetterTopic: String
    public var partitions: Int
    public var group: String
    public var consumerConcurrency: Int
    public var sessionTimeout: Duration
    public var maximumMessageBytes: Int
    public var maximumBodyBytes: Int
    public var produceTimeout: Duration
    public var ageGroupsCacheTTLSeconds: Int
    public var ageGroupsCacheKeyPrefix: String

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.topic = environment.string("USER_SUBMISSIONS_TOPIC", default: "user-submissions")
        self.deadLetterTopic = environment.string(
            "USER_SUBMISSIONS_DEAD_LETTER_TOPIC", default: "user-submissions.dead-letter")
        for (variable, name) in [
            ("USER_SUBMISSIONS_TOPIC", topic), ("USER_SUBMISSIONS_DEAD_LETTER_TOPIC", deadLetterTopic),
        ]
        where !Self.isTopicName(name) {
            throw ConfigurationError(
                variable: variable, value: name, expected: "a Kafka topic name: 1 to 249 of [A-Za-z0-9._-]")
        }
        self.partitions = try environment.int("USER_SUBMISSIONS_PARTITIONS", default: 6, in: 1...1000)
        self.group = environment.string("USER_SUBMISSIONS_GROUP", default: "user-api-submissions")
        self.consumerConcurrency = try environment.int("USER_SUBMISSIONS_CONSUMER_CONCURRENCY", default: 2, in: 1...64)
        self.sessionTimeout = try environment.milliseconds(
            "USER_SUBMISSIONS_SESSION_TIMEOUT_MS", default: .seconds(10), in: 1000...300_000)
        self.maximumMessageBytes = try environment.int(
            "USER_SUBMISSIONS_MAX_MESSAGE_BYTES", default: 900_000, in: 1024...1_000_000)
        self.maximumBodyBytes = try environment.int(
            "USER_SUBMISSIONS_MAX_BODY_BYTES", default: 16 << 20, in: 1024...(256 << 20))
        self.produceTimeout = try environment.milliseconds(
            "KAFKA_PRODUCE_TIMEOUT_MS", default: .seconds(5), in: 100...600_000)
        self.ageGroupsCacheTTLSeconds = try environment.int("USER_AGE_GROUPS_CACHE_TTL", default: 300, in: 1...86_400)
        self.ageGroupsCacheKeyPrefix = environment.string(
            "USER_AGE_GROUPS_CACHE_KEY_PREFIX", default: "tributary:user-api:age-groups:")
    }

    static func isTopicName(_ name: String) -> Bool {
        (1...249).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }
}
