using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.Mapping.Skia;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Rendering;
using SpatialHub.Server.Styles;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub render</c>: a map as PNG, or as a printable vector PDF with title, legend, attribution and
/// scale bar, drawn from the database with the styles directory, exactly as <c>/static</c> draws it.</summary>
internal static class RenderCommand
{
    private static readonly Option<string> Layers = new("--layers", "-l") { Description = "Dataset id or comma-separated ids", Required = true };
    private static readonly Option<string?> Center = new("--center") { Description = "Centre as lon,lat (WGS84); with --zoom" };
    private static readonly Option<double?> Zoom = new("--zoom", "-z") { Description = "Zoom (0-22); with --center" };
    private static readonly Option<string?> Bbox = new("--bbox") { Description = "Fit minlon,minlat,maxlon,maxlat instead of --center/--zoom" };
    private static readonly Option<string> Size = new("--size") { Description = "Map size WxH in pixels (PDF: points)", DefaultValueFactory = _ => "1024x768" };
    private static readonly Option<int> Scale = new("--scale") { Description = "Pixel ratio of a PNG, 1 or 2", DefaultValueFactory = _ => 1 };
    private static readonly Option<FileInfo> Out = new("--out", "-o") { Description = "FILE.png or FILE.pdf", Required = true };
    private static readonly Option<string?> Title = new("--title") { Description = "PDF title (default: the datasets' titles)" };
    private static readonly Option<string?> StylesDirectory = new("--styles") { Description = "Styles directory (default: SpatialHub:Styles:Directory, else tiles/ beside the executable)" };

    public static Command Create()
    {
        var command = new Command("render", "Draw a map of datasets to a PNG or a PDF (title, legend, attribution, scale bar).")
        {
            Layers, Center, Zoom, Bbox, Size, Scale, Out, Title, StylesDirectory,
        };
        CliHost.AddOptionsTo(command);
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, host => RunAsync(host, parse, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliHost host, ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.GetValue(Out)!;
        var pdf = output.Extension.Equals(".pdf", StringComparison.OrdinalIgnoreCase);
        if (!pdf && !output.Extension.Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliInputException($"--out must end in .png or .pdf: {output.Name}");
        }
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var rendering = configuration.GetSection(RenderingOptions.Section).Get<RenderingOptions>() ?? new RenderingOptions();
        var viewport = StaticMapRequest.Parse(View(parse), SizeSegment(parse), parse.GetValue(Bbox), rendering);

        var tilesOptions = host.Services.GetRequiredService<TilesOptions>();
        tilesOptions.MemoryCacheMegabytes = 0;
        tilesOptions.DiskCacheDirectory = null;
        var stylesOptions = configuration.GetSection(StylesOptions.Section).Get<StylesOptions>() ?? new StylesOptions();
        stylesOptions.Directory = parse.GetValue(StylesDirectory) is { } styles ? Path.GetFullPath(styles) : stylesOptions.Directory;

        using var tiles = host.TileLoader(await host.TileSourceAsync(tilesOptions, cancellationToken), tilesOptions);
        using var renders = new MapRenderService(tiles, new StyleStore(stylesOptions, NullLogger<StyleStore>.Instance), rendering);
        var map = await renders.MapAsync(TileLayers.Parse(parse.GetValue(Layers), tilesOptions.MaxLayers), cancellationToken);

        var bytes = pdf
            ? await MapImage.PdfAsync(map, viewport, parse.GetValue(Title) ?? map.Title ?? "SpatialHub map", cancellationToken)
            : await MapImage.PngAsync(map, viewport, cancellationToken: cancellationToken);
        await File.WriteAllBytesAsync(output.FullName, bytes, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {output.FullName} ({bytes.Length:N0} bytes): {viewport.Longitude:0.######},{viewport.Latitude:0.######} z{viewport.Zoom:0.##}, {viewport.Width}x{viewport.Height}"));
        return 0;
    }

    /// <summary>The options in the form of the static map URL, so the CLI and <c>/static</c> accept exactly the same.</summary>
    private static string View(ParseResult parse)
    {
        if (parse.GetValue(Bbox) is not null)
        {
            return "auto";
        }
        var center = parse.GetValue(Center) ?? throw new CliInputException("Give --center lon,lat with --zoom, or --bbox.");
        var zoom = parse.GetValue(Zoom) ?? throw new CliInputException("--center needs --zoom.");
        return string.Create(CultureInfo.InvariantCulture, $"{center},{zoom}");
    }

    private static string SizeSegment(ParseResult parse)
    {
        var scale = parse.GetValue(Scale);
        return scale switch
        {
            1 => $"{parse.GetValue(Size)}.png",
            2 => $"{parse.GetValue(Size)}@2x.png",
            _ => throw new CliInputException($"--scale must be 1 or 2, not {scale}."),
        };
    }
}
