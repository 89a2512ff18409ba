-- Idempotency keys (draft-ietf-httpapi-idempotency-key-header): a client that lost the answer
-- to a POST that creates something sends it again with the same Idempotency-Key and gets the
-- stored answer instead of a second record. A key belongs to the user who sent it; its row is
-- inserted in the transaction of the create and completed with the answer just before that
-- transaction commits (http/idempotency.c), so a committed row always holds an answer, and a
-- create that rolled back left no key behind.

CREATE TABLE idempotency_keys (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 1 to 255 visible ASCII characters (the draft's sf-string without its quotes)
    key text NOT NULL CHECK (key ~ '^[!-~]{1,255}$'),
    -- SHA-256 (hex) of the request: method, target with its query, Content-Type,
    -- Content-Disposition and the body's own SHA-256
    request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    -- the answer, set in the same transaction (NULL only while it is in progress)
    status smallint CHECK (status BETWEEN 200 AND 299),
    content_type text,
    location text,
    etag text,
    body bytea,
    PRIMARY KEY (user_id, key),
    CHECK (expires_at > created_at)
);
-- Expired keys are purged a few at a time by the requests that store new ones.
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
