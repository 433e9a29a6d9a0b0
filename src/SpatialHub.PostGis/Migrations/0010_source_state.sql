-- What the refresher last saw of each configured source: the validators and content hash that tell an unchanged
-- source, and the last success and failure, so that /catalog and /health can say a dataset is stale and why.
CREATE TABLE IF NOT EXISTS spatialhub.source_state (
    dataset_id     text PRIMARY KEY,
    source         text NOT NULL,
    sha256         text,
    etag           text,
    last_modified  timestamptz,
    checked_at     timestamptz,
    succeeded_at   timestamptz,
    failed_at      timestamptz,
    error          text,
    version        bigint
);
