namespace SpatialHub.Core.Projection;

/// <summary>A coordinate reference system SpatialHub knows, identified by its EPSG code.</summary>
/// <param name="Srid">The EPSG code (4326 also stands for OGC CRS84: x is always longitude).</param>
/// <param name="Name">The EPSG name, for messages.</param>
/// <param name="IsGeographic">True for longitude/latitude systems, whose coordinates are degrees.</param>
public sealed record Crs(int Srid, string Name, bool IsGeographic);
