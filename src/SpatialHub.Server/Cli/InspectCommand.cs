using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Import;
using SpatialHub.Core.Import.Services;
using SpatialHub.Server.Import;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub inspect FILE|URL</c>: the layers a source holds, read as the import would read them.</summary>
internal static class InspectCommand
{
    private static readonly Argument<string> Source = new("source") { Description = "A file, a .gdb folder, or an http(s) URL of a service or file" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON instead of text" };
    private static readonly Option<string?> Format = new("--format") { Description = $"{InputFormats.Described} (default: from the file name)" };
    private static readonly Option<string?> Service = new("--service") { Description = $"The URL's service type: {string.Join("|", FeatureServices.Names)} (default: from the URL)" };
    private static readonly Option<string?> Srs = new("--srs") { Description = "Source CRS, overriding the file's (e.g. EPSG:2326)" };

    public static Command Create()
    {
        var command = new Command("inspect", "List the layers of a file or web source: geometry types, feature count, CRS, extent and fields with sample values.")
        {
            Source, Json, Format, Service, Srs,
        };
        CliHost.AddOptionsTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var source = parse.GetValue(Source)!;
        CliSource.EnsureExists(source);
        return await CliHost.RunAsync(parse, async host =>
        {
            using var opened = await CliSource.OpenAsync(host, source, parse.GetValue(Service), "spatialhub.inspect", cancellationToken);
            var layers = await SourceInspector.InspectAsync(opened.Path, new ReaderOptions(opened.FileName, parse.GetValue(Srs)),
                parse.GetValue(Format), opened.Sandbox, opened.Logger, opened.Token);
            if (parse.GetValue(Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { source, layers }, JsonOptions));
            }
            else
            {
                Print(layers);
            }
            return CliErrors.Success;
        });
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static void Print(IReadOnlyList<LayerDescription> layers)
    {
        foreach (var layer in layers)
        {
            Console.WriteLine($"Layer {layer.Name}: {layer.FeatureCount:N0} features ({string.Join(", ", layer.GeometryTypes)}), {layer.Crs}");
            if (layer.Extent is { } e)
            {
                Console.WriteLine($"  extent: {e[0]:0.######}, {e[1]:0.######} - {e[2]:0.######}, {e[3]:0.######}");
            }
            if (layer.RowsRefused > 0)
            {
                Console.WriteLine($"  {layer.RowsRefused:N0} rows the import would refuse (run the import for the reasons)");
            }
            foreach (var field in layer.Fields)
            {
                Console.WriteLine($"  {field.Name,-24} {field.Type,-8} {string.Join(" | ", field.Samples)}");
            }
        }
    }
}
