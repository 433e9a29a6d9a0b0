namespace SpatialHub.Core.Projection;

/// <summary>
/// OGC WKT 1 definitions of the built-in systems, in the dialect ProjNet reads.
/// </summary>
/// <remarks>
/// ProjNet ignores AXIS and always uses x = easting/longitude, reads TOWGS84 in the position-vector
/// convention, and silently skips the datum shift when TOWGS84 is missing, so the HK1980 datum must carry
/// the EPSG:1825 parameters converted to position-vector (rotation signs flipped from EPSG's
/// coordinate-frame publication). Web Mercator must be the spherical "Popular Visualisation Pseudo-Mercator"
/// method; Mercator_1SP on the WGS 84 ellipsoid is about 16 km off in y at Hong Kong.
/// </remarks>
internal static class CrsWkt
{
    /// <summary>EPSG:1825 "Hong Kong 1980 to WGS 84 (1)" as a position-vector TOWGS84 clause.</summary>
    internal const string Hk1980ToWgs84 =
        "TOWGS84[-162.619,-276.959,-161.764,0.067753,-2.243648,-1.158828,-1.094246]";

    private const string Degree = "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]";
    private const string Greenwich = "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]";
    private const string Metre = "UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]]";

    internal const string Wgs84 =
        "GEOGCS[\"WGS 84\"," +
        "DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]]," +
        "AUTHORITY[\"EPSG\",\"6326\"]]," + Greenwich + "," + Degree + ",AUTHORITY[\"EPSG\",\"4326\"]]";

    internal const string Hk1980 =
        "GEOGCS[\"Hong Kong 1980\"," +
        "DATUM[\"Hong_Kong_1980\",SPHEROID[\"International 1924\",6378388,297,AUTHORITY[\"EPSG\",\"7022\"]]," +
        Hk1980ToWgs84 + ",AUTHORITY[\"EPSG\",\"6611\"]]," + Greenwich + "," + Degree + ",AUTHORITY[\"EPSG\",\"4611\"]]";

    // Origin 22°18'43.68"N 114°10'42.80"E, as the decimal degrees EPSG and PROJ use.
    internal const string Hk1980Grid =
        "PROJCS[\"Hong Kong 1980 Grid System\"," + Hk1980 + "," +
        "PROJECTION[\"Transverse_Mercator\"]," +
        "PARAMETER[\"latitude_of_origin\",22.3121333333333]," +
        "PARAMETER[\"central_meridian\",114.178555555556]," +
        "PARAMETER[\"scale_factor\",1]," +
        "PARAMETER[\"false_easting\",836694.05]," +
        "PARAMETER[\"false_northing\",819069.8]," +
        Metre + ",AUTHORITY[\"EPSG\",\"2326\"]]";

    internal const string WebMercator =
        "PROJCS[\"WGS 84 / Pseudo-Mercator\"," + Wgs84 + "," +
        "PROJECTION[\"Popular Visualisation Pseudo-Mercator\",AUTHORITY[\"EPSG\",\"3856\"]]," +
        "PARAMETER[\"latitude_of_origin\",0]," +
        "PARAMETER[\"central_meridian\",0]," +
        "PARAMETER[\"false_easting\",0]," +
        "PARAMETER[\"false_northing\",0]," +
        Metre + ",AUTHORITY[\"EPSG\",\"3857\"]]";
}
