-- Data-quality reports (issue 19): one per dataset version, written in the import's transaction. The report is the
-- JSON the API serves; the summary is the catalog's quality line. A dataset's reports go with it.
CREATE TABLE IF NOT EXISTS spatialhub.dataset_quality (
    dataset_id  text NOT NULL REFERENCES spatialhub.datasets (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    version     bigint NOT NULL,
    summary     text NOT NULL,
    report      jsonb NOT NULL,
    checked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, version)
);
