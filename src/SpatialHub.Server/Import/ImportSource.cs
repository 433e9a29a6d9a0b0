using SpatialHub.Core.Import;

namespace SpatialHub.Server.Import;

/// <summary>An open source file and the reader over it: the project's own readers for CSV, TSV and GeoJSON, GDAL's
/// <c>ogr2ogr</c> for every other format. One way in for the CLI, the HTTP upload and the samples.</summary>
public sealed class ImportSource : IAsyncDisposable
{
    private readonly IAsyncDisposable _resource;

    private ImportSource(IFeatureReader reader, IAsyncDisposable resource, Stream? progressStream)
    {
        Reader = reader;
        _resource = resource;
        ProgressStream = progressStream;
    }

    public IFeatureReader Reader { get; }

    /// <summary>The file stream whose position tells how far the import got, when the project reads the file itself.</summary>
    public Stream? ProgressStream { get; }

    /// <param name="path">The file on disk.</param>
    /// <param name="options">The name shown in issues and the user's overrides.</param>
    /// <param name="format">A format name (csv, tsv, geojson, geojsonseq, or a GDAL one: shp, zip, gpkg, gml, kml, gdb...); null to go by the extension.</param>
    public static ImportSource Open(string path, ReaderOptions options, string? format)
    {
        if (GdalFeatureReader.Handles(format ?? Path.GetExtension(options.FileName)))
        {
            var gdal = GdalFeatureReader.Start(path, options);
            return new ImportSource(gdal, gdal, null);
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            return new ImportSource(FeatureReaders.Open(stream, options, format), stream, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _resource.DisposeAsync();
}
