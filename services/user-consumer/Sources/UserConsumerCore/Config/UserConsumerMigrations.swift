import ServiceKit

/// The schema of user-consumer, in version order. Never edit a shipped migration: add the next one.
/// The runner applies these at start-up, before the server takes traffic.
enum UserConsumerMigrations {
    static let all: [Migration] = [
        Migration(
            version: 1, name: "users",
            statements: [
                """
                CREATE TABLE users (
                    id bigint PRIMARY KEY,
                    first_name text NOT NULL,
                    last_name text NOT NULL,
                    email_encrypted bytea NOT NULL,
                    created_at timestamptz,
                    deleted_at timestamptz,
                    merged_at timestamptz,
                    parent_user_id bigint,
                    message_id text NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now()
                )
                """
            ])
    ]
}
