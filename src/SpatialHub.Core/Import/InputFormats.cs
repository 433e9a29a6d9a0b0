namespace SpatialHub.Core.Import;

/// <summary>Which reader turns a format into features.</summary>
public enum ReaderKind
{
    /// <summary>The project's CSV reader.</summary>
    Csv,

    /// <summary>The project's CSV reader with tabs.</summary>
    Tsv,

    /// <summary>The project's GeoJSON reader (plain and newline-delimited).</summary>
    GeoJson,

    /// <summary>GDAL's ogr2ogr, opening the file with one of <see cref="InputFormat.GdalDrivers"/> only.</summary>
    Gdal,

    /// <summary>A ZIP archive, unpacked by the project; the dataset inside is read by its own format.</summary>
    Archive,
}

/// <param name="Name">The format name users give (<c>?format=</c>, <c>--format</c>).</param>
/// <param name="Title">How messages name it.</param>
/// <param name="Aliases">Other names and file extensions (without the dot) that mean this format.</param>
/// <param name="MediaTypes">Content types an upload may declare for it.</param>
/// <param name="GdalDrivers">For <see cref="ReaderKind.Gdal"/>: the GDAL driver short names allowed to open it, and no other.</param>
public sealed record InputFormat(
    string Name, string Title, ReaderKind Kind, IReadOnlyList<string> Aliases, IReadOnlyList<string> MediaTypes, IReadOnlyList<string> GdalDrivers)
{
    /// <summary>Its names, the format name first.</summary>
    public IEnumerable<string> Names => Aliases.Prepend(Name);

    public bool IsReadByTheProject => Kind is ReaderKind.Csv or ReaderKind.Tsv or ReaderKind.GeoJson;
}

/// <summary>
/// The one table of input formats: the names and extensions users give, the content types of uploads, the reader
/// for each, and for GDAL formats the exact drivers allowed to open them. A format that is not here is refused.
/// </summary>
public static class InputFormats
{
    public static readonly InputFormat Csv = new("csv", "CSV", ReaderKind.Csv, ["txt"], ["text/csv"], []);
    public static readonly InputFormat Tsv = new("tsv", "TSV", ReaderKind.Tsv, [], ["text/tab-separated-values"], []);
    public static readonly InputFormat GeoJson = new("geojson", "GeoJSON", ReaderKind.GeoJson, ["json"], ["application/geo+json", "application/json"], ["GeoJSON"]);
    public static readonly InputFormat Zip = new("zip", "ZIP archive", ReaderKind.Archive, [], ["application/zip", "application/x-zip-compressed"], []);
    public static readonly InputFormat Kml = new("kml", "KML", ReaderKind.Gdal, [], ["application/vnd.google-earth.kml+xml"], ["KML"]);

    /// <summary>A zipped KML: unpacked like any archive, its KML read by the KML driver.</summary>
    public static readonly InputFormat Kmz = new("kmz", "KMZ", ReaderKind.Archive, [], ["application/vnd.google-earth.kmz"], []);

    /// <summary>Every format, in the order messages list them.</summary>
    public static readonly IReadOnlyList<InputFormat> All =
    [
        Csv,
        Tsv,
        GeoJson,
        new("geojsonseq", "newline-delimited GeoJSON", ReaderKind.GeoJson, ["geojsons", "geojsonl", "ndjson", "jsonl"],
            ["application/geo+json-seq", "application/x-ndjson"], []),
        new("shp", "Shapefile", ReaderKind.Gdal, [], [], ["ESRI Shapefile"]),
        Zip,
        new("gpkg", "GeoPackage", ReaderKind.Gdal, [], ["application/geopackage+sqlite3"], ["GPKG"]),
        new("gml", "GML", ReaderKind.Gdal, ["xml"], ["application/gml+xml"], ["GML"]),
        Kml,
        Kmz,
        new("gdb", "File Geodatabase", ReaderKind.Gdal, [], [], ["OpenFileGDB"]),
        new("fgb", "FlatGeobuf", ReaderKind.Gdal, [], [], ["FlatGeobuf"]),
        new("gpx", "GPX", ReaderKind.Gdal, [], ["application/gpx+xml"], ["GPX"]),
        new("tab", "MapInfo", ReaderKind.Gdal, ["mif"], [], ["MapInfo File"]),
        new("dxf", "DXF", ReaderKind.Gdal, [], [], ["DXF"]),
        // No SQLite/SpatiaLite: SpatiaLite's VirtualText and VirtualShape tables (and views over them) read any file
        // the reader may open. GeoPackage, also SQLite, is read without SpatiaLite.
    ];

    /// <summary>The format a name or file extension (with or without its dot) means; null when none.</summary>
    public static InputFormat? Find(string? nameOrExtension)
    {
        var name = nameOrExtension?.TrimStart('.');
        return string.IsNullOrEmpty(name)
            ? null
            : All.FirstOrDefault(f => f.Names.Contains(name, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The format a content type (parameters ignored) declares; null when none.</summary>
    public static InputFormat? FromMediaType(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim();
        return string.IsNullOrEmpty(mediaType)
            ? null
            : All.FirstOrDefault(f => f.MediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The format whose reader is the GDAL driver <paramref name="driver"/>; null when none is.</summary>
    public static InputFormat? ForGdalDriver(string driver) =>
        All.FirstOrDefault(f => f.GdalDrivers.Contains(driver, StringComparer.Ordinal));

    /// <summary>"csv, tsv, geojson, ..." for messages.</summary>
    public static string Described => string.Join(", ", All.Select(f => f.Name));
}
