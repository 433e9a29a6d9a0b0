namespace SpatialHub.Mapping.Geometry;

/// <summary>An XYZ tile (Web Mercator, y from the north), as in <c>/tiles/{layers}/{z}/{x}/{y}</c>.</summary>
public readonly record struct TileId(int Z, int X, int Y)
{
    public override string ToString() => $"{Z}/{X}/{Y}";
}
