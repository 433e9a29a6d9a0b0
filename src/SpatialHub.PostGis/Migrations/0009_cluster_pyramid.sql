-- Point datasets imported from now on get a cluster pyramid (spatialhub.clusters_v<version>, see ClusterPyramid.cs)
-- in the import's transaction; tiles read it only when this says it exists, so versions imported before keep
-- being clustered per request until they are imported again.
ALTER TABLE spatialhub.datasets ADD COLUMN IF NOT EXISTS cluster_pyramid boolean NOT NULL DEFAULT false;
