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

    /// <param name="path">The file on disk; read, never changed.</param>
    /// <param name="options">The name shown in issues (its extension decides the format when none is given) and the user's overrides.</param>
    /// <param name="format">A name in <see cref="InputFormats"/>; null to go by the extension, else by the content.</param>
    /// <param name="cancellationToken">Cancels the import, killing GDAL (the import timeout).</param>
    /// <exception cref="UnsupportedFormatException">The format names no reader.</exception>
    /// <exception cref="UploadRefusedException">Over a bound, or content that is not the declared format.</exception>
    public static async Task<ImportSource> OpenAsync(
        string path, ReaderOptions options, string? format, GdalSandbox sandbox, ILogger logger, CancellationToken cancellationToken)
    {
        var declared = format is null
            ? InputFormats.Find(Path.GetExtension(options.FileName))
            : InputFormats.Find(format) ?? throw new UnsupportedFormatException(format);
        var source = new ImportSource();
        try
        {
            await source.OpenAsync(path, options, declared, sandbox, logger, cancellationToken);
            source.Reader = new LimitedFeatureReader(source.Reader, sandbox.Options, options.FileName);
            return source;
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    private async Task OpenAsync(
        string path, ReaderOptions options, InputFormat? declared, GdalSandbox sandbox, ILogger logger, CancellationToken cancellationToken)
    {
        if (declared is null or { IsReadByTheProject: true })
        {
            OpenWithTheProject(path, options, declared);
            return;
        }
        var workspace = ImportWorkspace.Create();
        _resources.Add(workspace);
        string target;
        var format = declared;
        if (declared.Kind == ReaderKind.Archive || ArchiveUnpacker.IsZip(path))
        {
            var files = ArchiveUnpacker.Unpack(path, workspace.Data, options.FileName, sandbox.Options, cancellationToken);
            var expected = declared == InputFormats.Kmz ? InputFormats.Kml : declared.Kind == ReaderKind.Archive ? null : declared;
            (target, format) = ArchiveContents.Dataset(files, workspace.Data, expected, options.FileName);
            if (format.IsReadByTheProject)
            {
                OpenWithTheProject(target, options, format);
                return;
            }
        }
        else
        {
            target = await CopyWithSidecarsAsync(path, options.FileName, declared, workspace, cancellationToken);
        }
        if (XmlProlog.XmlFormats.Contains(format.Name) && File.Exists(target))
        {
            XmlProlog.EnsureNoDocumentType(target, options.FileName);
        }
        var gdal = await GdalFeatureReader.StartAsync(target, format, options, sandbox, workspace, logger, cancellationToken);
        _gdal = gdal;
        Reader = gdal;
    }

    /// <summary>Copies the file into the workspace under a fixed name (the client's name never reaches GDAL, only the
    /// extension its driver looks for), with the files beside it that share its name (a Shapefile's .shx, .dbf, .prj;
    /// a GML's .xsd): a file given to the CLI has them, an upload has none.</summary>
    private static async Task<string> CopyWithSidecarsAsync(
        string path, string fileName, InputFormat declared, ImportWorkspace workspace, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        var target = Path.Combine(workspace.Data, "upload." + (declared.Names.Contains(extension) ? extension : declared.Name));
        await CopyAsync(path, target, cancellationToken);
        var stem = Path.GetFileNameWithoutExtension(path) + ".";
        foreach (var sidecar in Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(path))!, stem + "*"))
        {
            var rest = Path.GetFileName(sidecar)[stem.Length..];
            if (sidecar != Path.GetFullPath(path) && File.Exists(sidecar) && !File.Exists(Path.Combine(workspace.Data, "upload." + rest)))
            {
                await CopyAsync(sidecar, Path.Combine(workspace.Data, "upload." + rest), cancellationToken);
            }
        }
        return target;
    }

    private static async Task CopyAsync(string from, string to, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(from);
        await using var output = new FileStream(to, FileMode.CreateNew, FileAccess.Write);
        await input.CopyToAsync(output, cancellationToken);
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
