-- Publishing (issue 22): per-dataset metadata and a published flag, publishers with hashed keys scoped to dataset
-- id patterns, and an audit trail of every write.
ALTER TABLE spatialhub.datasets
    ADD COLUMN IF NOT EXISTS published boolean NOT NULL DEFAULT true,
    ADD COLUMN IF NOT EXISTS metadata  jsonb   NOT NULL DEFAULT '{}';

CREATE TABLE IF NOT EXISTS spatialhub.publishers (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    patterns    text[] NOT NULL CHECK (cardinality(patterns) > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Only the SHA-256 of a key is kept; the key itself is shown once, when it is made.
CREATE TABLE IF NOT EXISTS spatialhub.publisher_keys (
    id          bigserial PRIMARY KEY,
    publisher   text NOT NULL REFERENCES spatialhub.publishers (name) ON DELETE CASCADE,
    key_sha256  bytea NOT NULL UNIQUE CHECK (length(key_sha256) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz
);

CREATE TABLE IF NOT EXISTS spatialhub.audit (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor        text NOT NULL,
    action       text NOT NULL,
    dataset_id   text,
    version      bigint,
    row_count    bigint,
    file_name    text,
    file_sha256  text,
    client       text,
    outcome      text NOT NULL,
    detail       text
);
CREATE INDEX IF NOT EXISTS audit_at ON spatialhub.audit (at DESC);
CREATE INDEX IF NOT EXISTS audit_dataset ON spatialhub.audit (dataset_id, at DESC);
