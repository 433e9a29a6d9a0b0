-- Issue 15, speed: tables derived from one version's feature table for the analytics (zones' geodesic areas,
-- points projected to the HK1980 Grid). They live in a schema of their own so that backups (which dump the
-- spatialhub schema) leave them out: they are rebuilt on demand. Each is named after the source table's OID, not
-- its version number, so that a restored or re-created version never meets a stale derivative; those whose source
-- is gone are dropped when the next one is built.
CREATE SCHEMA IF NOT EXISTS spatialhub_analytics;
