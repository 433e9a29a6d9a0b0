-- Version history (issue 15, change tracking). An import no longer drops the previous version's feature table: the
-- newest versions of each dataset stay (how many is SpatialHub:Versions:Keep) so that what changed between two of
-- them can be listed. A row stays after its table is dropped (retained = false): the history outlives the data.
CREATE TABLE IF NOT EXISTS spatialhub.dataset_versions (
    version        bigint PRIMARY KEY,
    dataset_id     text NOT NULL REFERENCES spatialhub.datasets (id) ON DELETE CASCADE,
    feature_count  bigint NOT NULL,
    geometry_type  text NOT NULL,
    fields         jsonb NOT NULL DEFAULT '[]',
    imported_at    timestamptz NOT NULL,
    source_file    text,
    -- Who or what imported it: "cli:<os user>", "api", "samples"; later the publisher's name. Free text.
    imported_by    text,
    -- The attribute matching features across versions, when the import named one (--key / key=).
    key_field      text,
    retained       boolean NOT NULL DEFAULT true
);
CREATE INDEX IF NOT EXISTS dataset_versions_dataset ON spatialhub.dataset_versions (dataset_id, version DESC);

-- The versions that exist today are their datasets' only retained ones.
INSERT INTO spatialhub.dataset_versions (version, dataset_id, feature_count, geometry_type, fields, imported_at, source_file)
SELECT version, id, feature_count, geometry_type, fields, imported_at, source_file FROM spatialhub.datasets
ON CONFLICT (version) DO NOTHING;
