using System.CommandLine;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Import;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Import;
using SpatialHub.Core.Import.Services;
using SpatialHub.Server.Changes;
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
    private static readonly Option<string?> Key = new("--key") { Description = "Field identifying a feature across versions, for change listings (default: guessed)" };
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
            Layer, AllLayers, Service, PositionFrom, ZoneField, Key,
        };
        ImportPublishingOptions.AddTo(command);
        CliHost.AddOptionsTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var source = parse.GetValue(File)!;
        var datasetId = parse.GetValue(Dataset)!;
        var publishing = ImportPublishingOptions.EditFrom(parse);
        var positionFrom = PositionFromNames.Parse(parse.GetValue(PositionFrom))
            ?? throw new CliInputException($"--position-from must be {PositionFromNames.Described}.");
        CliSource.EnsureExists(source);
        if (parse.GetValue(AllLayers) && (CliSource.IsUrl(source) || parse.GetValue(Layer) is not null))
        {
            throw new CliInputException("--all-layers reads every layer of a file: give neither --layer nor a URL with it.");
        }
        return await CliHost.RunAsync(parse, async host =>
        {
            using var opened = await CliSource.OpenAsync(host, source, parse.GetValue(Service), "spatialhub.import", cancellationToken);
            var (path, fileName, sandbox, logger, token) = (opened.Path, opened.FileName, opened.Sandbox, opened.Logger, opened.Token);
            var format = parse.GetValue(Format);
            var readerOptions = new ReaderOptions(fileName, parse.GetValue(Srs), parse.GetValue(XField), parse.GetValue(YField), parse.GetValue(Layer), positionFrom);
            if (!parse.GetValue(AllLayers))
            {
                var request = new ImportRequest(datasetId, parse.GetValue(Title) ?? datasetId, fileName, parse.GetValue(Attribution), parse.GetValue(OnError), Quality(parse, host),
                    KeyField: parse.GetValue(Key), ImportedBy: ImportPublishingOptions.Actor, Publishing: publishing);
                ImportProgressDisplay.PrintSummary(await ImportOneAsync(host, path, readerOptions, format, request, sandbox, logger, token));
                await PrintQualityAsync(host, datasetId, token);
                return CliErrors.Success;
            }
            return await ImportAllLayersAsync(parse, host, path, readerOptions, format, sandbox, logger, token);
        });
    }

    private static async Task<ImportReport> ImportOneAsync(
        CliHost host, string path, ReaderOptions readerOptions, string? format, ImportRequest request, GdalSandbox sandbox, ILogger logger, CancellationToken cancellationToken)
    {
        var database = await host.DatabaseAsync(cancellationToken);
        await using var source = await ImportSource.OpenAsync(path, readerOptions, format, sandbox, logger, cancellationToken);
        return await CliImportAudit.RecordAsync(database, request, path, () => ImportProgressDisplay.RunAsync(source.ProgressStream,
            progress => database.Importer(host.Services.KeepVersions(), host.Services.GetRequiredService<Tiles.TilesOptions>().ClusterCategories).ImportAsync(request, source.Reader, progress, cancellationToken)), cancellationToken);
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
                var request = new ImportRequest(datasetId, title, readerOptions.FileName, parse.GetValue(Attribution), parse.GetValue(OnError), Quality(parse, host),
                    KeyField: parse.GetValue(Key), ImportedBy: ImportPublishingOptions.Actor, Publishing: ImportPublishingOptions.EditFrom(parse));
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
        QualitySummary.Print(await (await host.DatabaseAsync(cancellationToken)).Quality().FindAsync(datasetId, cancellationToken));

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
}
