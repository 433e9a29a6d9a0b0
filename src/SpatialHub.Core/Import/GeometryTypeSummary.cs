using NetTopologySuite.Geometries;

namespace SpatialHub.Core.Import;

/// <summary>Names the geometry type of a dataset from the types of its features.</summary>
internal sealed class GeometryTypeSummary
{
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);

    public void Add(Geometry geometry)
    {
        if (_types.Count < 8)
        {
            _types.Add(geometry.GeometryType);
        }
    }

    public string Name => _types.Count switch
    {
        0 => "Geometry",
        1 => _types.First(),
        // Polygons mixed with multipolygons (common in CSDI files) are a multipolygon layer.
        2 when _types.All(t => t.EndsWith(BaseOf(_types.First()), StringComparison.Ordinal)) => "Multi" + BaseOf(_types.First()),
        _ => "Geometry",
    };

    private static string BaseOf(string type) => type.StartsWith("Multi", StringComparison.Ordinal) ? type["Multi".Length..] : type;
}
