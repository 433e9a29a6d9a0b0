using System.Diagnostics;
using System.Text.RegularExpressions;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Import;
using SpatialHub.Core.Projection;

namespace SpatialHub.Server.Import;

/// <summary>
/// Reads a GDAL format (Shapefile, GeoPackage, GML, KML, FileGDB ...) by streaming it through
/// <c>ogr2ogr -f GeoJSON /vsistdout/</c> into the project's GeoJSON reader. GDAL does no reprojection here: its GeoJSON
/// driver keeps the source coordinates and names the source CRS in the <c>crs</c> member, and the project's own
/// Projection module transforms them like every other import.
/// </summary>
/// <remarks>First <c>ogrinfo</c> finds which driver opens the file, among the drivers of every format SpatialHub
/// accepts; a file another driver opens than the declared format's is refused before ogr2ogr runs. ogr2ogr then
/// may use that one driver only. Both run in the <see cref="GdalSandbox"/>. GDAL's own messages can name files,
/// hosts and ports: they go to the log, and the uploader gets a plain reason.</remarks>
internal sealed partial class GdalFeatureReader : IFeatureReader, IAsyncDisposable
{
    private readonly Process _process;
    private readonly GeoJsonFeatureReader _geoJson;
    private readonly InputFormat _format;
    private readonly string _fileName;
    private readonly Task<string> _errors;
    private readonly ILogger _logger;
    private readonly CancellationTokenRegistration _timeout;
    private readonly bool _layerIsWgs84;

    private GdalFeatureReader(Process process, InputFormat format, ReaderOptions options, ILogger logger, bool layerIsWgs84, CancellationToken cancellationToken)
    {
        _layerIsWgs84 = layerIsWgs84;
        _process = process;
        _format = format;
        _fileName = options.FileName;
        _logger = logger;
        _errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _geoJson = new GeoJsonFeatureReader(process.StandardOutput.BaseStream, options);
        _timeout = cancellationToken.Register(Kill);
    }

    public Crs SourceCrs => _geoJson.SourceCrs;

    public IReadOnlyList<FieldDefinition> Fields => _geoJson.Fields;

    public IReadOnlyList<string> TextFieldsWithTypedValues => _geoJson.TextFieldsWithTypedValues;

    /// <param name="path">The file (or .gdb folder) inside <paramref name="workspace"/>.</param>
    /// <param name="format">The declared format: its drivers are the only ones that may open the file.</param>
    public static async Task<GdalFeatureReader> StartAsync(
        string path, InputFormat format, ReaderOptions options, GdalSandbox sandbox, ImportWorkspace workspace, ILogger logger, CancellationToken cancellationToken)
    {
        sandbox.EnsureAvailable();
        sandbox.Admit(workspace);
        var (driver, layers) = await DetectDriverAsync(path, format, options.FileName, sandbox, workspace, logger, cancellationToken);
        var layer = ChooseLayer(layers, options);
        var layerIsWgs84 = await LayerCrsAsync(path, layer.FirstOrDefault(), driver, sandbox, workspace, cancellationToken) == "EPSG:4326";
        // GeoJSON writes the output; as an input driver it lost to the detected one in the same contest above.
        var process = sandbox.Start("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", path, .. layer, "-lco", "RFC7946=NO", "-lco", "WRITE_NAME=NO"], workspace, [driver, "GeoJSON"]);
        return new GdalFeatureReader(process, format, options, logger, layerIsWgs84, cancellationToken);
    }

    /// <summary>The layer's CRS as ogrinfo names it ("EPSG:4326"), or null. GDAL's GeoJSON output names every CRS
    /// but WGS 84, GeoJSON's default: this tells a WGS 84 layer from one with no CRS at all.</summary>
    private static async Task<string?> LayerCrsAsync(
        string path, string? layer, string driver, GdalSandbox sandbox, ImportWorkspace workspace, CancellationToken cancellationToken)
    {
        // With no layer named, -so prints the listing only; -al summarises the one layer there is.
        string[] target = layer is null ? ["-al", path] : [path, layer];
        using var process = sandbox.Start("ogrinfo", ["-ro", "-so", "-nocount", "-noextent", .. target], workspace, [driver]);
        await using var kill = cancellationToken.Register(() => KillQuietly(process));
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        return GdalLayers.FromSummary(await output).FirstOrDefault()?.Crs;
    }

    /// <summary>The layer ogr2ogr is to read: the one asked for, or the only one. A file of several layers needs a
    /// choice, since GDAL's GeoJSON output takes one (its own message about the output driver would mislead).</summary>
    private static string[] ChooseLayer(IReadOnlyList<GdalLayer> layers, ReaderOptions options)
    {
        var names = string.Join(", ", layers.Select(l => l.Name));
        if (options.Layer is { } wanted)
        {
            return layers.Any(l => l.Name == wanted)
                ? [wanted]
                : throw UploadRefusedException.Unreadable($"{options.FileName} has no layer '{wanted}'; its layers are: {names}.");
        }
        return layers.Count > 1
            ? throw UploadRefusedException.Unreadable(
                $"{options.FileName} holds {layers.Count} layers ({names}): choose one with --layer NAME (?layer= for uploads), " +
                "or import each as its own dataset with --all-layers.")
            : [];
    }

    /// <summary>The driver that opens the file when only the accepted formats' drivers may, and the layers it lists;
    /// refuses a file that none opens (422) or that another format's driver opens (415).</summary>
    internal static async Task<(string Driver, IReadOnlyList<GdalLayer> Layers)> DetectDriverAsync(
        string path, InputFormat format, string fileName, GdalSandbox sandbox, ImportWorkspace workspace, ILogger logger, CancellationToken cancellationToken)
    {
        var candidates = InputFormats.All.SelectMany(f => f.GdalDrivers).Distinct().ToList();
        using var process = sandbox.Start("ogrinfo", ["-ro", path], workspace, candidates);
        await using var kill = cancellationToken.Register(() => KillQuietly(process));
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        var match = UsingDriver().Match(await output);
        if (process.ExitCode != 0 || !match.Success)
        {
            LogGdal(logger, fileName, await errors);
            throw Unreadable(fileName, format);
        }
        var driver = match.Groups["driver"].Value;
        if (!format.GdalDrivers.Contains(driver, StringComparer.Ordinal))
        {
            var detected = InputFormats.ForGdalDriver(driver)?.Title ?? driver;
            throw UploadRefusedException.WrongFormat($"{fileName} was declared as {format.Title} ({format.Name}) but its content is {detected}; declare the format it is.");
        }
        return (driver, GdalLayers.FromListing(await output));
    }

    public IEnumerable<ReadResult> Read()
    {
        foreach (var result in _geoJson.Read())
        {
            if (!_geoJson.CrsDeclared && !_layerIsWgs84)
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
            LogGdal(_logger, _fileName, _errors.Result);
            yield return ReadResult.Failed(new ImportIssue(_fileName, 1, null, null, $"GDAL could not read the file as {_format.Title}"));
        }
    }

    private static ImportFailedException Unreadable(string fileName, InputFormat format) =>
        new(fileName, [new ImportIssue(fileName, 1, null, null, $"GDAL could not read the file as {format.Title} ({format.Name})")], 1);

    /// <summary>GDAL's text names paths, hosts and ports: the operator may see it, the uploader does not.</summary>
    private static void LogGdal(ILogger logger, string fileName, string errors) =>
        logger.LogWarning("GDAL could not read {File}: {Errors}", fileName, errors.Length > 2_000 ? errors[..2_000] : errors.Trim());

    private void Kill() => KillQuietly(_process);

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timeout.DisposeAsync();
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"using driver `(?<driver>[^']+)' successful")]
    private static partial Regex UsingDriver();
}
