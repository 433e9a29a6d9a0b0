-- The dataset catalog. Each import writes a new feature table, spatialhub.features_v<version>, and switches
-- the catalog row to it in the same transaction, so readers see the old version or the new one, never half.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA IF NOT EXISTS spatialhub;

CREATE SEQUENCE IF NOT EXISTS spatialhub.dataset_version_seq;

CREATE TABLE IF NOT EXISTS spatialhub.datasets (
    id             text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    title          text NOT NULL,
    attribution    text,
    source_file    text,
    source_srid    integer,
    geometry_type  text NOT NULL,
    version        bigint NOT NULL UNIQUE,
    feature_count  bigint NOT NULL,
    -- WGS84 bounds: min lon, min lat, max lon, max lat.
    bbox           double precision[] CHECK (bbox IS NULL OR cardinality(bbox) = 4),
    fields         jsonb NOT NULL DEFAULT '[]',
    imported_at    timestamptz NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
