using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Versions;
using SpatialHub.PostGis.Analytics;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Versions;

/// <summary>One feature that differs between two versions.</summary>
/// <param name="Change">"added", "removed" or "modified" (moved beyond the tolerance, attributes changed, or both).</param>
/// <param name="MovedMetres">How far it moved: geodesic distance for points, Hausdorff distance in EPSG:2326 metres otherwise.</param>
/// <param name="ChangedFields">Attributes whose values differ (absent and null count as the same; coordinate columns are not attributes here).</param>
/// <param name="AttributesJson">The feature's attributes in the newer version (the older one for a removed feature).</param>
public sealed record FeatureChange(
    string Change, string? Key, long? FromId, long? ToId, double? MovedMetres, bool Moved, IReadOnlyList<string> ChangedFields,
    string AttributesJson, string GeometryJson);

/// <summary>The features added, removed, moved and changed from one retained version of a dataset to another.</summary>
public sealed record ChangeSet(DatasetVersion From, DatasetVersion To, FeatureKey Key, double ToleranceMetres, IReadOnlyList<FeatureChange> Features)
{
    public long Added => Features.Count(f => f.Change == "added");
    public long Removed => Features.Count(f => f.Change == "removed");
    public long Moved => Features.Count(f => f.Moved);
    public long AttributesChanged => Features.Count(f => f.ChangedFields.Count > 0);

    /// <summary>Matched features neither moved nor changed: every feature of the older version is removed or matched once.</summary>
    public long Unchanged => From.FeatureCount - Removed - Features.Count(f => f.Change == "modified");
}

/// <summary>Lists what changed between two versions in PostGIS, matching features by a key attribute (named at
/// import, else a unique id-like field) or, failing both, by all their attributes. Both tables are named from version
/// numbers of the history only; the key field travels as a parameter.</summary>
public sealed class ChangeQuery(ReadRouter reads, TimeSpan statementTimeout)
{
    public async Task<ChangeSet> ComputeAsync(DatasetVersion from, DatasetVersion to, double toleranceMetres, CancellationToken cancellationToken)
    {
        var key = await ChooseKeyAsync(from, to, cancellationToken);
        var pairs = key.Field is null ? AttributePairs(from.FeatureTable, to.FeatureTable) : KeyPairs(from.FeatureTable, to.FeatureTable);
        var sql = $"""
            WITH j AS ({pairs}),
            d AS (
                SELECT j.*,
                       CASE WHEN from_id IS NULL OR to_id IS NULL THEN NULL
                            WHEN ag = bg THEN 0
                            WHEN GeometryType(ag) = 'POINT' AND GeometryType(bg) = 'POINT' THEN ST_Distance(ag::geography, bg::geography)
                            ELSE ST_HausdorffDistance(ST_Transform(ag, 2326), ST_Transform(bg, 2326)) END AS moved_m,
                       CASE WHEN from_id IS NULL OR to_id IS NULL THEN ARRAY[]::text[]
                            ELSE ARRAY(SELECT k FROM (SELECT jsonb_object_keys(ap) AS k UNION SELECT jsonb_object_keys(bp)) keys
                                       WHERE COALESCE(ap -> k, 'null') IS DISTINCT FROM COALESCE(bp -> k, 'null') ORDER BY k) END AS changed
                FROM j)
            SELECT CASE WHEN from_id IS NULL THEN 'added' WHEN to_id IS NULL THEN 'removed' ELSE 'modified' END,
                   key, from_id, to_id, moved_m, changed, COALESCE(bfull, afull)::text, ST_AsGeoJSON(COALESCE(bg, ag), 7)
            FROM d
            WHERE from_id IS NULL OR to_id IS NULL OR moved_m > $2 OR cardinality(changed) > 0
            ORDER BY 1, to_id NULLS LAST, from_id
            """;
        // Coordinate columns (Latitude, Easting, ...) are where the geometry came from: a move changes them, and they
        // must neither split a pair nor count as a changed attribute.
        var coordinates = KeyCandidates.CoordinateFields(from.Fields.Concat(to.Fields)).ToArray();
        IReadOnlyList<NpgsqlParameter> parameters =
            [AnalyticsStatement.Value((object?)key.Field ?? ""), AnalyticsStatement.Double(toleranceMetres), AnalyticsStatement.Value(coordinates)];
        var features = await AnalyticsStatement.RunAsync(reads, statementTimeout, sql, parameters, async (reader, ct) =>
        {
            var rows = new List<FeatureChange>();
            while (await reader.ReadAsync(ct))
            {
                double? moved = reader.IsDBNull(4) ? null : reader.GetDouble(4);
                rows.Add(new FeatureChange(
                    reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetInt64(3), moved, moved > toleranceMetres, reader.GetFieldValue<string[]>(5),
                    reader.GetString(6), reader.GetString(7)));
            }
            return rows;
        }, cancellationToken);
        return new ChangeSet(from, to, key, toleranceMetres, features);
    }

    /// <summary>Pairs by the key's text value ($1); the key is unique and never null in either version.</summary>
    private static string KeyPairs(string fromTable, string toTable) => $"""
        SELECT a.feature_id AS from_id, b.feature_id AS to_id, COALESCE(b.properties ->> $1, a.properties ->> $1) AS key,
               a.properties - $3::text[] AS ap, b.properties - $3::text[] AS bp, a.properties AS afull, b.properties AS bfull, a.geom AS ag, b.geom AS bg
        FROM {fromTable} a FULL JOIN {toTable} b ON a.properties ->> $1 = b.properties ->> $1
        """;

    /// <summary>Pairs features with equal attributes: those with the same geometry too first, then the rest of each group
    /// in feature order. $1 is unused (empty) here.</summary>
    private static string AttributePairs(string fromTable, string toTable) => $"""
        WITH a AS (SELECT feature_id, properties - $3::text[] AS properties, ST_AsEWKB(geom) AS g,
                          row_number() OVER (PARTITION BY properties - $3::text[], ST_AsEWKB(geom) ORDER BY feature_id) AS n FROM {fromTable}),
             b AS (SELECT feature_id, properties - $3::text[] AS properties, ST_AsEWKB(geom) AS g,
                          row_number() OVER (PARTITION BY properties - $3::text[], ST_AsEWKB(geom) ORDER BY feature_id) AS n FROM {toTable}),
             same AS (SELECT a.feature_id AS from_id, b.feature_id AS to_id FROM a JOIN b ON a.properties = b.properties AND a.g = b.g AND a.n = b.n),
             ra AS (SELECT feature_id, properties - $3::text[] AS properties, properties AS whole, geom,
                           row_number() OVER (PARTITION BY properties - $3::text[] ORDER BY feature_id) AS n
                    FROM {fromTable} WHERE feature_id NOT IN (SELECT from_id FROM same)),
             rb AS (SELECT feature_id, properties - $3::text[] AS properties, properties AS whole, geom,
                           row_number() OVER (PARTITION BY properties - $3::text[] ORDER BY feature_id) AS n
                    FROM {toTable} WHERE feature_id NOT IN (SELECT to_id FROM same))
        SELECT ra.feature_id AS from_id, rb.feature_id AS to_id, NULLIF($1, '') AS key,
               ra.properties AS ap, rb.properties AS bp, ra.whole AS afull, rb.whole AS bfull, ra.geom AS ag, rb.geom AS bg
        FROM ra FULL JOIN rb ON ra.properties = rb.properties AND ra.n = rb.n
        """;

    /// <summary>The key named at import (the newer version's, else the older's) if it is unique in both versions, else
    /// the most id-like field that is, else none.</summary>
    private async Task<FeatureKey> ChooseKeyAsync(DatasetVersion from, DatasetVersion to, CancellationToken cancellationToken)
    {
        string? note = null;
        if ((to.KeyField ?? from.KeyField) is { } named)
        {
            var problem = await KeyProblemAsync(named, from, cancellationToken) ?? await KeyProblemAsync(named, to, cancellationToken);
            if (problem is null)
            {
                return new FeatureKey(named, FeatureKey.FromImport, null);
            }
            note = $"The key '{named}' named at import {problem}. ";
        }
        foreach (var candidate in KeyCandidates.Among(from.Fields, to.Fields))
        {
            if (await KeyProblemAsync(candidate, from, cancellationToken) is null && await KeyProblemAsync(candidate, to, cancellationToken) is null)
            {
                return new FeatureKey(candidate, FeatureKey.Guessed, note + $"Matched on '{candidate}', a field that looks like an identifier and is unique and set in both versions.");
            }
        }
        return new FeatureKey(null, FeatureKey.Attributes, note + FeatureKey.AttributesNote);
    }

    private Task<string?> KeyProblemAsync(string field, DatasetVersion version, CancellationToken cancellationToken) =>
        AnalyticsStatement.RunAsync(reads, statementTimeout,
            $"SELECT count(*) - count(properties ->> $1), count(properties ->> $1) - count(DISTINCT properties ->> $1) FROM {version.FeatureTable}",
            [AnalyticsStatement.Value(field)],
            async (reader, ct) =>
            {
                await reader.ReadAsync(ct);
                var (missing, repeated) = (reader.GetInt64(0), reader.GetInt64(1));
                return missing > 0 ? $"is not set on {missing} feature(s) of version {version.Version}"
                    : repeated > 0 ? $"repeats values in version {version.Version}"
                    : null;
            }, cancellationToken);
}
