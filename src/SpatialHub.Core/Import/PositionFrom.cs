using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Import;

/// <summary>Which coordinate column pair builds a CSV feature's geometry when the file carries both (government files
/// often give HK1980 Easting/Northing and WGS84 latitude/longitude side by side).</summary>
public enum PositionFrom
{
    /// <summary>The first known pair: projected before geographic, as CSDI treats HK1980 Grid as the source of truth.</summary>
    Auto,

    /// <summary>The projected pair (Easting/Northing, X/Y), HK1980 Grid.</summary>
    EastingNorthing,

    /// <summary>The geographic pair (Longitude/Latitude), WGS 84.</summary>
    LatitudeLongitude,
}

public static class PositionFromNames
{
    /// <summary>The values the CLI and the upload API accept.</summary>
    public const string Described = "en (Easting/Northing) or latlon (Latitude/Longitude)";

    /// <summary>"en" or "latlon" (any case); null or empty is <see cref="PositionFrom.Auto"/>; anything else is null.</summary>
    public static PositionFrom? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => PositionFrom.Auto,
        "en" => PositionFrom.EastingNorthing,
        "latlon" => PositionFrom.LatitudeLongitude,
        _ => null,
    };

    public static string Describe(this PositionFrom from) => from switch
    {
        PositionFrom.EastingNorthing => "Easting/Northing",
        PositionFrom.LatitudeLongitude => "Latitude/Longitude",
        _ => "coordinate",
    };

    internal static bool Accepts(this PositionFrom from, Crs crs) => from switch
    {
        PositionFrom.EastingNorthing => !crs.IsGeographic,
        PositionFrom.LatitudeLongitude => crs.IsGeographic,
        _ => true,
    };
}
