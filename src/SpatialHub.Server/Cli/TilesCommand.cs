using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Tiles;
using SpatialHub.Server.Tiles.Export;
using Spectre.Console;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub tiles seed|export|sql</c>: render tiles outside the web service, with the same SQL and options.</summary>
internal static class TilesCommand
{
    private const string DefaultCacheDirectory = "tiles/cache";

    private static readonly Option<string> Layers = new("--layers", "-l") { Description = "Dataset id or comma-separated ids", Required = true };
    private static readonly Option<int> MinZoom = new("--minzoom") { Description = "Lowest zoom", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> MaxZoom = new("--maxzoom") { Description = "Highest zoom", DefaultValueFactory = _ => 14 };
    private static readonly Option<string?> Within = new("--within") { Description = "Only features inside dataset:featureId, e.g. districts:5" };
    private static readonly Option<int> Parallelism = new("--parallel") { Description = "Tiles rendered at once", DefaultValueFactory = _ => Math.Max(2, Environment.ProcessorCount) };
    private static readonly Option<string?> CacheDirectory = new("--cache-dir") { Description = $"Disk cache to fill (default: SpatialHub:Tiles:DiskCacheDirectory, else {DefaultCacheDirectory})" };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "Folder for the z/x/y.pbf pyramid, or a .pmtiles/.mbtiles file", Required = true };
    private static readonly Option<string?> Format = new Option<string?>("--format") { Description = "pmtiles, mbtiles or dir (default: by the --output extension, else dir)" }
        .AcceptOnlyFromAmong("pmtiles", "mbtiles", "dir");
    private static readonly Option<bool> Gzip = new("--gzip") { Description = "Also write z/x/y.pbf.gz (for nginx gzip_static)" };
    private static readonly Option<string?> Tile = new("--tile") { Description = "Tile as z/x/y" };
    private static readonly Option<FileInfo?> List = new("--list") { Description = "File of tiles, one 'layers z x y' per line (--layers and --tile then unused)" };

    public static Command Create()
    {
        var seed = new Command("seed", "Render every tile over the layers' bounds into the disk cache the server reads (SpatialHub:Tiles:DiskCacheDirectory).")
        {
            Layers, MinZoom, MaxZoom, Within, Parallelism, CacheDirectory,
        };
        CliHost.AddOptionsTo(seed);
        seed.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, host => RunAsync(host, parse, cancellationToken, export: false)));

        var export = new Command("export", "Write a static z/x/y.pbf pyramid, a PMTiles v3 or an MBTiles file over the layers' bounds, for hosting without the service (empty tiles are left out).")
        {
            Layers, MinZoom, MaxZoom, Within, Parallelism, Output, Format, Gzip,
        };
        CliHost.AddOptionsTo(export);
        export.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, host => RunAsync(host, parse, cancellationToken, export: true)));

        var sql = new Command("sql", "Print the statement that renders a tile, parameters filled in (for psql, EXPLAIN, benchmarks).") { Tile, List, Within };
        sql.Options.Add(new Option<string?>("--layers", "-l") { Description = "Dataset id or comma-separated ids" });
        CliHost.AddOptionsTo(sql);
        sql.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, host => SqlAsync(host, parse, cancellationToken)));

        return new Command("tiles", "Seed the tile cache, export static tiles, or show a tile's SQL.") { seed, export, sql };
    }

    private static async Task<int> RunAsync(CliHost host, ParseResult parse, CancellationToken cancellationToken, bool export)
    {
        var options = host.Services.GetRequiredService<TilesOptions>();
        options.MemoryCacheMegabytes = 0;
        if (!export)
        {
            options.DiskCacheDirectory = parse.GetValue(CacheDirectory) ?? options.DiskCacheDirectory ?? DefaultCacheDirectory;
        }
        var (minZoom, maxZoom) = (parse.GetValue(MinZoom), parse.GetValue(MaxZoom));
        TileCoord.Create(minZoom, 0, 0);
        TileCoord.Create(maxZoom, 0, 0);
        if (minZoom > maxZoom)
        {
            throw new InvalidTileException($"--minzoom {minZoom} is above --maxzoom {maxZoom}.");
        }

        var source = await host.TileSourceAsync(options, cancellationToken);
        using var loader = host.TileLoader(source, options);
        var layers = await source.ResolveAsync(parse.GetValue(Layers) ?? "", parse.GetValue(Within), cancellationToken);
        var bbox = Union(layers.Datasets);
        var total = Enumerable.Range(minZoom, maxZoom - minZoom + 1).Sum(z => WebMercator.CountCovering(bbox[0], bbox[1], bbox[2], bbox[3], z));
        var tiles = Enumerable.Range(minZoom, maxZoom - minZoom + 1).SelectMany(z => WebMercator.TilesCovering(bbox[0], bbox[1], bbox[2], bbox[3], z));
        var output = export ? Path.GetFullPath(parse.GetValue(Output)!) : null;
        await using var archive = output is null ? null : TileArchive.Open(output, parse.GetValue(Format));
        var gzip = export && parse.GetValue(Gzip);

        long done = 0, written = 0, bytes = 0;
        var clock = Stopwatch.StartNew();
        async Task WorkAsync(Action<long> progress)
        {
            await Parallel.ForEachAsync(tiles, new ParallelOptions { MaxDegreeOfParallelism = parse.GetValue(Parallelism), CancellationToken = cancellationToken },
                async (tile, token) =>
                {
                    var entry = export ? await loader.RenderAsync(layers, tile, token) : await loader.GetAsync(layers, tile, token);
                    if (archive is not null && !entry.IsEmpty)
                    {
                        archive.Add(tile, entry);
                    }
                    else if (output is not null && !entry.IsEmpty)
                    {
                        await WriteAsync(output, tile, entry, gzip, token);
                    }
                    if (!entry.IsEmpty)
                    {
                        Interlocked.Increment(ref written);
                        Interlocked.Add(ref bytes, entry.Bytes.Length);
                    }
                    progress(Interlocked.Increment(ref done));
                });
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(export ? "Exporting" : "Seeding")} {layers.CacheKey}: {total:N0} tiles, zooms {minZoom}-{maxZoom}, into {output ?? Path.GetFullPath(options.DiskCacheDirectory!)}"));
        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("tiles", maxValue: Math.Max(1, total));
                    await WorkAsync(n => task.Value = n);
                });
        }
        else
        {
            var step = Math.Max(1, total / 10);
            await WorkAsync(n =>
            {
                if (n % step == 0 || n == total)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {n:N0}/{total:N0} tiles ({100.0 * n / total:F0}%)"));
                }
            });
        }
        if (archive is not null)
        {
            await archive.CompleteAsync(TileJson.From(layers, parse.GetValue(Layers)!, parse.GetValue(Within), "", options), minZoom, maxZoom, cancellationToken);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done: {done:N0} tiles in {clock.Elapsed.TotalSeconds:F1} s, {written:N0} with features ({bytes / 1024.0 / 1024.0:F1} MB), {done - written:N0} empty."));
        return 0;
    }

    private static async Task WriteAsync(string root, TileCoord tile, TileEntry entry, bool gzip, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, tile.Z.ToString(CultureInfo.InvariantCulture), tile.X.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, tile.Y.ToString(CultureInfo.InvariantCulture) + ".pbf");
        await File.WriteAllBytesAsync(path, entry.Bytes, cancellationToken);
        if (gzip)
        {
            await File.WriteAllBytesAsync(path + ".gz", entry.Body(TileEncoding.Gzip), cancellationToken);
        }
    }

    private static double[] Union(IReadOnlyList<Dataset> datasets)
    {
        var boxes = datasets.Where(d => d.Bbox is { Count: 4 }).Select(d => d.Bbox!).ToList();
        return boxes.Count == 0
            ? throw new CliInputException("None of the layers has features, so there is nothing to render.")
            : [boxes.Min(b => b[0]), boxes.Min(b => b[1]), boxes.Max(b => b[2]), boxes.Max(b => b[3])];
    }

    private static async Task<int> SqlAsync(CliHost host, ParseResult parse, CancellationToken cancellationToken)
    {
        var options = host.Services.GetRequiredService<TilesOptions>();
        var requests = parse.GetValue(List) is { } list
            ? (await File.ReadAllLinesAsync(list.FullName, cancellationToken)).Where(l => l.Trim().Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList()
            : [[parse.GetValue<string?>("--layers") ?? "", .. (parse.GetValue(Tile) ?? "").Split('/')]];
        var source = await host.TileSourceAsync(options, cancellationToken);
        foreach (var request in requests)
        {
            if (request.Length != 4)
            {
                throw new InvalidTileException($"'{string.Join(' ', request)}' is not 'layers z x y' (or --layers L --tile z/x/y).");
            }
            var tile = TileCoord.Parse(request[1], request[2], request[3]);
            var layers = await source.ResolveAsync(request[0], parse.GetValue(Within), cancellationToken);
            var (sql, parameters) = source.Statement(layers, tile);
            // Highest index first, so that $1 never eats the start of a $1x.
            for (var i = parameters.Count; i >= 1; i--)
            {
                sql = sql.Replace("$" + i.ToString(CultureInfo.InvariantCulture), Convert.ToString(parameters[i - 1].Value, CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }
            Console.WriteLine(sql.ReplaceLineEndings(" ") + ";");
        }
        return 0;
    }
}
