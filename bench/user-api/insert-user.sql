-- pgbench script: the statement POST /users runs (a row and its outbox row in one statement), with
-- a new address every time: PostgreSQL's own rate for user-api's writes, the same-run ceiling.
WITH inserted AS (
    INSERT INTO managed_users (id, name, email, role, version, created_at, updated_at)
    VALUES (gen_random_uuid(), 'Bench User', 'pgbench-' || :client_id || '-' || txid_current() || '@example.com',
        'member', nextval('managed_user_versions'), now(), now())
    RETURNING id, version
), queued AS (
    INSERT INTO managed_user_outbox (user_id, version, operation) SELECT id, version, 'create' FROM inserted
)
SELECT id FROM inserted;
