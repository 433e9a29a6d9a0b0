using Npgsql;
using SpatialHub.Core.Catalog;

namespace SpatialHub.PostGis.Catalog;

/// <summary>The SQL that keeps features inside one feature of another dataset (a district, say). The area's table
/// comes from the catalog and its feature id is a parameter, so nothing the client sends becomes SQL text. Made only
/// by <see cref="WithinResolver"/>, which has checked that the feature exists.</summary>
public sealed record WithinFilter
{
    internal WithinFilter(Dataset area, long featureId) => (Area, FeatureId) = (area, featureId);

    public Dataset Area { get; }

    public long FeatureId { get; }

    /// <summary>A boolean SQL condition on <paramref name="geometryColumn"/> (geom or geom_3857, as qualified by the
    /// caller) whose feature id is the positional parameter <paramref name="parameterIndex"/> ($n).</summary>
    /// <remarks>The area stays in the database as a sub-select by primary key: a district's polygon can hold
    /// thousands of vertices, and fetching it into .NET only to send it back with every tile and page would cost
    /// more than reading it where it lies, in the same snapshot as the features.</remarks>
    public string Condition(string geometryColumn, int parameterIndex)
    {
        var areaColumn = geometryColumn.EndsWith("geom_3857", StringComparison.Ordinal) ? "geom_3857" : "geom";
        return $"ST_Intersects({geometryColumn}, (SELECT a.{areaColumn} FROM {Area.FeatureTable} a WHERE a.feature_id = ${parameterIndex}))";
    }

    public NpgsqlParameter Parameter() => new() { Value = FeatureId };
}
