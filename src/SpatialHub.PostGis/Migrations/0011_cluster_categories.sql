-- The category field whose values a version's cluster pyramid counts per cell (SpatialHub:Tiles:ClusterCategories
-- as configured at its import); null when it counts none. Tiles read the pyramid's counts only when the field
-- configured now is this one, and otherwise count per request.
ALTER TABLE spatialhub.datasets ADD COLUMN IF NOT EXISTS cluster_category text;
