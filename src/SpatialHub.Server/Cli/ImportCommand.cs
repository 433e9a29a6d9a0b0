using System.CommandLine;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Import;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Import;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub import FILE --dataset ID</c>: validates every row, then replaces the dataset atomically.</summary>
internal static class ImportCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = $"A file in one of: {string.Join(", ", InputFormats.All.Select(f => f.Title))}" };
    private static readonly Option<string> Dataset = new("--dataset", "-d") { Description = "Dataset id (a-z, 0-9, '-', '_')", Required = true };
    private static readonly Option<string?> Title = new("--title") { Description = "Title shown in the catalog (default: the dataset id)" };
    private static readonly Option<string?> Attribution = new("--attribution") { Description = "Source credit shown on maps" };
    private static readonly Option<string?> Srs = new("--srs") { Description = "Source CRS, overriding the file's (e.g. EPSG:2326)" };
    private static readonly Option<string?> XField = new("--x-field") { Description = "Column holding easting or longitude" };
    private static readonly Option<string?> YField = new("--y-field") { Description = "Column holding northing or latitude" };
    private static readonly Option<string?> Format = new("--format") { Description = $"{InputFormats.Described} (default: from the file name)" };
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
        };
        ImportPublishingOptions.AddTo(command);
        CliHost.AddOptionsTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var file = parse.GetValue(File)!;
        var datasetId = parse.GetValue(Dataset)!;
        var request = new ImportRequest(datasetId, parse.GetValue(Title) ?? datasetId, file.Name, parse.GetValue(Attribution), parse.GetValue(OnError),
            ImportPublishingOptions.Actor, ImportPublishingOptions.EditFrom(parse));
        if (!file.Exists)
        {
            throw new FileNotFoundException($"No such file: {file.FullName}");
        }
        return await CliHost.RunAsync(parse, async host =>
        {
            var importOptions = host.Services.GetRequiredService<IOptions<ImportOptions>>().Value;
            var database = await host.DatabaseAsync(cancellationToken);
            var readerOptions = new ReaderOptions(file.Name, parse.GetValue(Srs), parse.GetValue(XField), parse.GetValue(YField));
            using var loggers = LoggerFactory.Create(logging => logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
            var logger = loggers.CreateLogger("spatialhub.import");
            // The same sandbox, bounds and timeout as an upload: a file given to the CLI may come from anyone too.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(importOptions.Timeout);
            await using var source = await ImportSource.OpenAsync(
                file.FullName, readerOptions, parse.GetValue(Format), new GdalSandbox(importOptions, logger), logger, timeout.Token);
            var report = await CliImportAudit.RecordAsync(database.DataSource, request, file, () => ImportProgressDisplay.RunAsync(source.ProgressStream,
                progress => new DatasetImporter(database.DataSource).ImportAsync(request, source.Reader, progress, timeout.Token)), cancellationToken);
            ImportProgressDisplay.PrintSummary(report);
            return 0;
        });
    }
}
