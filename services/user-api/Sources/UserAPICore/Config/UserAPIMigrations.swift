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
            ])
    ]
}
