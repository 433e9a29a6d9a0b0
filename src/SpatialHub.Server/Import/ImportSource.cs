using SpatialHub.Core.Import;

namespace SpatialHub.Server.Import;

/// <summary>An open source file and the reader over it: the project's own readers for CSV, TSV and GeoJSON, GDAL's
/// <c>ogr2ogr</c> (sandboxed) for the other formats of <see cref="InputFormats"/>, archives unpacked first. One way
/// in for the CLI, the HTTP upload and the samples, held to the same <see cref="ImportOptions"/>.</summary>
public sealed class ImportSource : IAsyncDisposable
{
    private readonly List<IDisposable> _resources = [];
    private IAsyncDisposable? _gdal;

    private ImportSource()
    {
    }

    public IFeatureReader Reader { get; private set; } = null!;

    /// <summary>The file stream whose position tells how far the import got, when the project reads the file itself.</summary>
    public Stream? ProgressStream { get; private set; }

    /// <param name="path">The file (or .gdb folder) on disk; read, never changed.</param>
    /// <param name="options">The name shown in issues (its extension decides the format when none is given) and the user's overrides.</param>
    /// <param name="format">A name in <see cref="InputFormats"/>; null to go by the extension, else by the content.</param>
    /// <param name="cancellationToken">Cancels the import, killing GDAL (the import timeout).</param>
    /// <exception cref="UnsupportedFormatException">The format names no reader.</exception>
    /// <exception cref="UploadRefusedException">Over a bound, or content that is not the declared format.</exception>
    public static async Task<ImportSource> OpenAsync(
        string path, ReaderOptions options, string? format, GdalSandbox sandbox, ILogger logger, CancellationToken cancellationToken)
    {
        var source = new ImportSource();
        try
        {
            var staged = await StagedFile.StageAsync(path, options.FileName, format, sandbox.Options, cancellationToken);
            source._resources.Add(staged);
            if (staged.IsReadByTheProject)
            {
                source.OpenWithTheProject(staged.Path, options, staged.Format);
            }
            else
            {
                var gdal = await GdalFeatureReader.StartAsync(staged.Path, staged.Format!, options, sandbox, staged.Workspace!, logger, cancellationToken);
                source._gdal = gdal;
                source.Reader = gdal;
            }
            source.Reader = new LimitedFeatureReader(source.Reader, sandbox.Options, options.FileName);
            return source;
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    private void OpenWithTheProject(string path, ReaderOptions options, InputFormat? format)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        _resources.Add(stream);
        Reader = FeatureReaders.Open(stream, options, format?.Name);
        ProgressStream = stream;
    }

    public async ValueTask DisposeAsync()
    {
        if (_gdal is not null)
        {
            await _gdal.DisposeAsync();
        }
        // The stream before the workspace that holds its file.
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            resource.Dispose();
        }
    }
}
