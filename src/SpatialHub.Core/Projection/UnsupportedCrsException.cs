namespace SpatialHub.Core.Projection;

/// <summary>A CRS name that could not be parsed or that SpatialHub does not support.</summary>
public sealed class UnsupportedCrsException(string crsText)
    : Exception($"Unsupported or unknown CRS '{crsText}'. Supported: EPSG:2326, EPSG:4611, EPSG:4326 (CRS84), EPSG:3857.")
{
    public string CrsText { get; } = crsText;
}
