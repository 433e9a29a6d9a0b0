using Npgsql;
using SpatialHub.Core.Catalog;

namespace SpatialHub.PostGis.Catalog;

/// <summary>The SQL that keeps features inside one feature of another dataset (a district, say). The area's table
/// comes from the catalog and its feature id is a parameter, so nothing the client sends becomes SQL text.</summary>
public sealed record WithinFilter(Dataset Area, long FeatureId)
{
    /// <summary>Resolves a reference against the catalog; throws <see cref="DatasetNotFoundException"/> for an unknown dataset.</summary>
    public static async Task<WithinFilter?> ResolveAsync(CatalogRepository catalog, FeatureReference? reference, CancellationToken cancellationToken)
    {
        if (reference is null)
        {
            return null;
        }
        var area = await catalog.GetAsync(reference.DatasetId, cancellationToken);
        return new WithinFilter(area, reference.FeatureId);
    }

    /// <summary>A boolean SQL condition on <paramref name="geometryColumn"/> (geom or geom_3857, as qualified by the
    /// caller) whose feature id is the positional parameter <paramref name="parameterIndex"/> ($n).</summary>
    public string Condition(string geometryColumn, int parameterIndex)
    {
        var areaColumn = geometryColumn.EndsWith("geom_3857", StringComparison.Ordinal) ? "geom_3857" : "geom";
        return $"ST_Intersects({geometryColumn}, (SELECT a.{areaColumn} FROM {Area.FeatureTable} a WHERE a.feature_id = ${parameterIndex}))";
    }

    public NpgsqlParameter Parameter() => new() { Value = FeatureId };

    /// <summary>Cache keys must change when the area's dataset is re-imported.</summary>
    public string CacheKey => $"{Area.Id}@{Area.Version}:{FeatureId}";
}
