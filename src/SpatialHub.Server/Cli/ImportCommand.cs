using System.CommandLine;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub import FILE --dataset ID</c>: validates every row, then replaces the dataset atomically.</summary>
internal static class ImportCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "CSV, TSV, GeoJSON or newline-delimited GeoJSON file" };
    private static readonly Option<string> Dataset = new("--dataset", "-d") { Description = "Dataset id (a-z, 0-9, '-', '_')", Required = true };
    private static readonly Option<string?> Title = new("--title") { Description = "Title shown in the catalog (default: the dataset id)" };
    private static readonly Option<string?> Attribution = new("--attribution") { Description = "Source credit shown on maps" };
    private static readonly Option<string?> Srs = new("--srs") { Description = "Source CRS, overriding the file's (e.g. EPSG:2326)" };
    private static readonly Option<string?> XField = new("--x-field") { Description = "Column holding easting or longitude" };
    private static readonly Option<string?> YField = new("--y-field") { Description = "Column holding northing or latitude" };
    private static readonly Option<string?> Format = new("--format") { Description = "csv, tsv, geojson or geojsonseq (default: from the file name)" };
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
        CliDatabase.AddOptionsTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var file = parse.GetValue(File)!;
        var datasetId = parse.GetValue(Dataset)!;
        var request = new ImportRequest(datasetId, parse.GetValue(Title) ?? datasetId, file.Name, parse.GetValue(Attribution), parse.GetValue(OnError));
        try
        {
            await using var database = await CliDatabase.OpenAsync(parse, cancellationToken);
            await using var stream = file.OpenRead();
            var reader = FeatureReaders.Open(stream, new ReaderOptions(file.Name, parse.GetValue(Srs), parse.GetValue(XField), parse.GetValue(YField)), parse.GetValue(Format));
            var report = await ImportProgressDisplay.RunAsync(stream,
                progress => new DatasetImporter(database.DataSource).ImportAsync(request, reader, progress, cancellationToken));
            ImportProgressDisplay.PrintSummary(report);
            return 0;
        }
        catch (ImportFailedException e)
        {
            ImportProgressDisplay.PrintRefusal(e);
            return 1;
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
    }
}
