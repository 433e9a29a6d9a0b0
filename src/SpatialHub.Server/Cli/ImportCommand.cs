using System.CommandLine;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Import;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Import;
using SpatialHub.Core.Import.Services;
using SpatialHub.Server.Import;
using SpatialHub.Server.Sources;
using SpatialHub.Core.Quality;
using SpatialHub.PostGis.Quality;
using SpatialHub.Server.Quality;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub import FILE --dataset ID</c>: validates every row, then replaces the dataset atomically.</summary>
internal static class ImportCommand
{
    private static readonly Argument<string> File = new("source")
    {
        Description = $"A file in one of: {string.Join(", ", InputFormats.All.Select(f => f.Title))}; a .gdb folder; " +
                      "or the http(s) URL of a WFS, OGC API - Features or ArcGIS FeatureServer layer",
    };
    private static readonly Option<string?> Layer = new("--layer") { Description = "The layer to import from a file of several (see spatialhub inspect)" };
    private static readonly Option<bool> AllLayers = new("--all-layers") { Description = "Import every layer of the file as its own dataset, PREFIX-layername (--dataset gives the prefix)" };
    private static readonly Option<string?> Service = new("--service") { Description = $"The URL's service type: {string.Join("|", FeatureServices.Names)} (default: from the URL)" };
    private static readonly Option<string> Dataset = new("--dataset", "-d") { Description = "Dataset id (a-z, 0-9, '-', '_')", Required = true };
    private static readonly Option<string?> Title = new("--title") { Description = "Title shown in the catalog (default: the dataset id)" };
    private static readonly Option<string?> Attribution = new("--attribution") { Description = "Source credit shown on maps" };
    private static readonly Option<string?> Srs = new("--srs") { Description = "Source CRS, overriding the file's (e.g. EPSG:2326)" };
    private static readonly Option<string?> XField = new("--x-field") { Description = "Column holding easting or longitude" };
    private static readonly Option<string?> YField = new("--y-field") { Description = "Column holding northing or latitude" };
    private static readonly Option<string?> Format = new("--format") { Description = $"{InputFormats.Described} (default: from the file name)" };
    private static readonly Option<string?> PositionFrom = new("--position-from")
    {
        Description = $"When the file has both coordinate pairs, build the geometry from {PositionFromNames.Described} (default: en)",
    };
    private static readonly Option<string?> ZoneField = new("--zone-field") { Description = "Field naming zones (e.g. district) to check against the zone layer; found automatically when not given" };
    private static readonly Option<RowErrorPolicy> OnError = new("--on-error")
    {
        Description = "fail: any bad row imports nothing; skip: import the valid rows and report the others",
        DefaultValueFactory = _ => RowErrorPolicy.Fail,
    };

    public static Command Create()
    {
        var command = new Command("import", "Import a dataset file into PostGIS, replacing the dataset's previous version atomically.")
        {
            File, Dataset, Title, Attribution, Srs, XField, YField, Format, OnError,
            Layer, AllLayers, Service, PositionFrom, ZoneField,
        };
        CliHost.AddOptionsTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var source = parse.GetValue(File)!;
        var datasetId = parse.GetValue(Dataset)!;
        var positionFrom = PositionFromNames.Parse(parse.GetValue(PositionFrom))
            ?? throw new CliInputException($"--position-from must be {PositionFromNames.Described}.");
        var remote = FeatureServices.IsUrl(source);
        if (!remote && !System.IO.File.Exists(source) && !Directory.Exists(source))
        {
            throw new FileNotFoundException($"No such file or folder: {Path.GetFullPath(source)}");
        }
        if (parse.GetValue(AllLayers) && (remote || parse.GetValue(Layer) is not null))
        {
            throw new CliInputException("--all-layers reads every layer of a file: give neither --layer nor a URL with it.");
        }
        return await CliHost.RunAsync(parse, async host =>
        {
            var importOptions = host.Services.GetRequiredService<IOptions<ImportOptions>>().Value;
            using var loggers = LoggerFactory.Create(logging => logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
            var logger = loggers.CreateLogger("spatialhub.import");
            // The same sandbox, bounds and timeout as an upload: a file given to the CLI may come from anyone too.
            var sandbox = new GdalSandbox(importOptions, logger);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(importOptions.Timeout);
            using var download = remote ? await DownloadAsync(host, source, parse.GetValue(Service), timeout.Token) : null;
            var path = download?.Path ?? source;
            var fileName = download?.FileName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(source));
            var format = parse.GetValue(Format);
            var readerOptions = new ReaderOptions(fileName, parse.GetValue(Srs), parse.GetValue(XField), parse.GetValue(YField), parse.GetValue(Layer), positionFrom);
            if (!parse.GetValue(AllLayers))
            {
                var request = new ImportRequest(datasetId, parse.GetValue(Title) ?? datasetId, fileName, parse.GetValue(Attribution), parse.GetValue(OnError), Quality(parse, host));
                ImportProgressDisplay.PrintSummary(await ImportOneAsync(host, path, readerOptions, format, request, sandbox, logger, timeout.Token));
                await PrintQualityAsync(host, datasetId, timeout.Token);
                return CliErrors.Success;
            }
            return await ImportAllLayersAsync(parse, host, path, readerOptions, format, sandbox, logger, timeout.Token);
        });
    }

    private static async Task<ImportReport> ImportOneAsync(
        CliHost host, string path, ReaderOptions readerOptions, string? format, ImportRequest request, GdalSandbox sandbox, ILogger logger, CancellationToken cancellationToken)
    {
        var database = await host.DatabaseAsync(cancellationToken);
        await using var source = await ImportSource.OpenAsync(path, readerOptions, format, sandbox, logger, cancellationToken);
        return await ImportProgressDisplay.RunAsync(source.ProgressStream,
            progress => new DatasetImporter(database.DataSource).ImportAsync(request, source.Reader, progress, cancellationToken));
    }

    /// <summary>Each layer is its own atomic import: the ones that succeed are committed, a failed one keeps its
    /// dataset's previous version; the failures are listed and the exit code says some failed.</summary>
    private static async Task<int> ImportAllLayersAsync(
        ParseResult parse, CliHost host, string path, ReaderOptions readerOptions, string? format, GdalSandbox sandbox, ILogger logger, CancellationToken cancellationToken)
    {
        var prefix = parse.GetValue(Dataset)!;
        var layers = await SourceInspector.LayerNamesAsync(path, readerOptions.FileName, format, sandbox, logger, cancellationToken);
        var failures = new List<string>();
        foreach (var layer in layers)
        {
            var datasetId = LayerDatasetId(prefix, layer);
            Console.WriteLine($"layer {layer ?? "(the only one)"} -> {datasetId}");
            try
            {
                var title = parse.GetValue(Title) is { } t ? $"{t}: {layer}" : datasetId;
                var request = new ImportRequest(datasetId, title, readerOptions.FileName, parse.GetValue(Attribution), parse.GetValue(OnError), Quality(parse, host));
                ImportProgressDisplay.PrintSummary(await ImportOneAsync(host, path, readerOptions with { Layer = layer }, format, request, sandbox, logger, cancellationToken));
                await PrintQualityAsync(host, datasetId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                CliErrors.Report(e);
                failures.Add($"{layer} ({datasetId})");
            }
        }
        if (failures.Count == 0)
        {
            return CliErrors.Success;
        }
        Console.Error.WriteLine($"error: {failures.Count} of {layers.Count} layers failed and kept their previous version: {string.Join(", ", failures)}");
        return CliErrors.Refused;
    }

    private static QualityRequest Quality(ParseResult parse, CliHost host) =>
        new(host.Services.GetRequiredService<IOptions<QualityOptions>>().Value, parse.GetValue(ZoneField));

    private static async Task PrintQualityAsync(CliHost host, string datasetId, CancellationToken cancellationToken) =>
        QualitySummary.Print(await new QualityStore((await host.DatabaseAsync(cancellationToken)).DataSource).FindAsync(datasetId, cancellationToken));

    /// <summary><c>PREFIX-layername</c>, the layer name folded into the dataset id alphabet.</summary>
    internal static string LayerDatasetId(string prefix, string? layer)
    {
        if (layer is null)
        {
            return DatasetId.Validate(prefix);
        }
        var folded = new string(layer.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' ? c : '-').ToArray()).Trim('-');
        return DatasetId.Validate($"{prefix}-{(folded.Length == 0 ? "layer" : folded)}");
    }

    /// <summary>Fetches a URL source to a temporary file, showing pages and features on standard error.</summary>
    internal static async Task<DownloadedSource> DownloadAsync(CliHost host, string url, string? service, CancellationToken cancellationToken)
    {
        FeatureServiceKind? kind;
        try
        {
            kind = FeatureServices.Parse(service);
        }
        catch (ArgumentException e)
        {
            throw new CliInputException(e.Message);
        }
        var downloader = host.Services.GetRequiredService<FeatureServiceDownloader>();
        var progress = new Progress<DownloadProgress>(p => Console.Error.WriteLine(
            $"page {p.Pages}: {p.Features:N0}{(p.Expected is { } expected ? $" of {expected:N0}" : "")} features"));
        var download = await downloader.DownloadAsync(new Uri(url), kind, progress, cancellationToken);
        Console.Error.WriteLine($"fetched {download!.Features:N0} features in {download.Pages} page(s) from {new Uri(url).Host}");
        return download;
    }
}
