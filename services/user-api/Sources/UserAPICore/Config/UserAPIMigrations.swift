import ServiceKit

/// The schema of user-api, in version order. Never edit a shipped migration: add the next one.
/// The runner applies these at start-up, before the server takes traffic.
///
/// - `managed_users`: the users of this API (user-consumer's `users` table is another service's).
///   `version` comes from one sequence for every insert, update and delete, so a user's versions
///   only grow, across a delete and a re-creation of the same address: the cache and the search
///   index keep the copy with the highest version. The unique index on `lower(email)` alone decides
///   a duplicate (409); trigram indexes serve the search when Elasticsearch is down.
/// - `managed_user_outbox`: one row per change, written in the change's own statement; the indexer
///   (``UserIndexer``) claims, indexes and deletes them.
/// - `user_submissions`: one row per `POST /api/user`, created `queued` before its messages are
///   produced; the consumer moves it on (``SubmissionStatus``). `parts` is the number of messages,
///   `parts_done` those applied. `user_submission_parts` records each applied message in the
///   transaction that applied it, so a redelivered message changes nothing.
/// - `user_submission_errors`: every problem of every record, by record index.
/// - `submitted_users`: the users the submissions stored; `id` is derived from the slug and the
///   record's index; (name, age) is unique: a second one is that record's error.
enum UserAPIMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "managed users, versions, outbox",
            statements: [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE SEQUENCE managed_user_versions",
                """
                CREATE TABLE managed_users (
                    id uuid PRIMARY KEY,
                    name text NOT NULL,
                    email text NOT NULL,
                    role text NOT NULL,
                    version bigint NOT NULL,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX managed_users_email ON managed_users (lower(email))",
                "CREATE INDEX managed_users_role_id ON managed_users (role, id)",
                "CREATE INDEX managed_users_name_trgm ON managed_users USING gin (lower(name) gin_trgm_ops)",
                "CREATE INDEX managed_users_email_trgm ON managed_users USING gin (lower(email) gin_trgm_ops)",
                """
                CREATE TABLE managed_user_outbox (
                    seq bigserial PRIMARY KEY,
                    user_id uuid NOT NULL,
                    version bigint NOT NULL,
                    operation text NOT NULL
                )
                """,
            ]),
        Migration(
            version: 2, name: "user submissions, their errors, submitted users",
            statements: [
                """
                CREATE TABLE user_submissions (
                    slug text PRIMARY KEY,
                    status text NOT NULL CHECK (status IN
                        ('queued', 'processing', 'completed', 'completed_with_errors', 'failed')),
                    total integer NOT NULL,
                    parts integer NOT NULL,
                    parts_done integer NOT NULL DEFAULT 0,
                    stored integer NOT NULL DEFAULT 0,
                    rejected integer NOT NULL DEFAULT 0,
                    failure text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE user_submission_parts (
                    slug text NOT NULL REFERENCES user_submissions (slug) ON DELETE CASCADE,
                    part integer NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (slug, part)
                )
                """,
                """
                CREATE TABLE user_submission_errors (
                    slug text NOT NULL REFERENCES user_submissions (slug) ON DELETE CASCADE,
                    record_index integer NOT NULL,
                    seq integer NOT NULL,
                    field text,
                    reason text NOT NULL,
                    PRIMARY KEY (slug, record_index, seq)
                )
                """,
                """
                CREATE TABLE submitted_users (
                    id uuid PRIMARY KEY,
                    name text NOT NULL,
                    age integer NOT NULL,
                    email text,
                    phone text,
                    submission text NOT NULL,
                    record_index integer NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                "CREATE UNIQUE INDEX submitted_users_name_age ON submitted_users (name, age)",
            ]),
    ]
}
