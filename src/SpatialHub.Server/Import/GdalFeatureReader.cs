using System.Diagnostics;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Import;
using SpatialHub.Core.Projection;

namespace SpatialHub.Server.Import;

/// <summary>
/// Reads any format GDAL reads (Shapefile, zipped too; GeoPackage; GML; KML; FileGDB ...) by streaming it through
/// <c>ogr2ogr -f GeoJSON /vsistdout/</c> into the project's GeoJSON reader. GDAL does no reprojection here: its GeoJSON
/// driver keeps the source coordinates and names the source CRS in the <c>crs</c> member, and the project's own
/// Projection module transforms them like every other import.
/// </summary>
internal sealed class GdalFeatureReader : IFeatureReader, IAsyncDisposable
{
    private const string Ogr2Ogr = "ogr2ogr";
    private const string DebianPackage = "gdal-bin";

    private static readonly HashSet<string> GdalFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        "shp", "zip", "gpkg", "gml", "kml", "kmz", "gdb", "fgb", "gpx", "tab", "mif", "dxf", "sqlite", "xml",
    };

    private readonly Process _process;
    private readonly GeoJsonFeatureReader _geoJson;
    private readonly string _fileName;
    private readonly Task<string> _errors;

    private GdalFeatureReader(Process process, ReaderOptions options)
    {
        _process = process;
        _fileName = options.FileName;
        _errors = process.StandardError.ReadToEndAsync();
        _geoJson = new GeoJsonFeatureReader(process.StandardOutput.BaseStream, options);
    }

    public Crs SourceCrs => _geoJson.SourceCrs;

    public IReadOnlyList<FieldDefinition> Fields => _geoJson.Fields;

    public IReadOnlyList<string> TextFieldsWithTypedValues => _geoJson.TextFieldsWithTypedValues;

    /// <summary>True for a format name or file extension (with or without the dot) that goes through GDAL.</summary>
    public static bool Handles(string? formatOrExtension) =>
        !string.IsNullOrEmpty(formatOrExtension) && GdalFormats.Contains(formatOrExtension.TrimStart('.'));

    public static GdalFeatureReader Start(string path, ReaderOptions options)
    {
        var source = Path.GetExtension(path).Equals(".zip", StringComparison.OrdinalIgnoreCase) ? "/vsizip/" + path : path;
        var start = new ProcessStartInfo(Ogr2Ogr)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "-f", "GeoJSON", "/vsistdout/", source, "-lco", "RFC7946=NO", "-lco", "WRITE_NAME=NO" },
        };
        try
        {
            return new GdalFeatureReader(Process.Start(start)!, options);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ImportFailedException(options.FileName,
                [new ImportIssue(options.FileName, 1, null, null, $"GDAL's ogr2ogr is needed to read this format: install the Debian package '{DebianPackage}'")],
                1, $"{options.FileName}: cannot read this format without ogr2ogr ({e.Message}).");
        }
    }

    public IEnumerable<ReadResult> Read()
    {
        foreach (var result in _geoJson.Read())
        {
            if (!_geoJson.CrsDeclared)
            {
                // GDAL names the CRS whenever the file has one; without it, CRS84 would only be a guess.
                yield return ReadResult.Failed(new ImportIssue(_fileName, 1, "crs", null,
                    "the file does not declare its coordinate reference system (a Shapefile without .prj?): give it with --srs, for example --srs EPSG:2326"));
                yield break;
            }
            yield return result;
        }
        _process.WaitForExit();
        if (_process.ExitCode != 0)
        {
            yield return ReadResult.Failed(new ImportIssue(_fileName, 1, null, null, $"GDAL could not read the file: {FirstLine(_errors.Result)}"));
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("ERROR", StringComparison.Ordinal))
        ?? text.Trim();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
