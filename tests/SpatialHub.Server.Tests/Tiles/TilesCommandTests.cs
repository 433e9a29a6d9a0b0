using SpatialHub.Server.Cli;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TilesCommandTests(SpatialHubFactory factory)
{
    [Fact]
    public async Task Export_writes_a_static_pyramid_of_the_non_empty_tiles_the_service_would_serve()
    {
        var output = Directory.CreateTempSubdirectory("spatialhub-export-");
        try
        {
            var exit = await SpatialHubCli.RunAsync(["tiles", "export", "--connection", factory.ConnectionString,
                "--layers", "smart-lampposts", "--minzoom", "0", "--maxzoom", "12", "--output", output.FullName, "--gzip"]);
            exit.ShouldBe(0);
            var files = Directory.GetFiles(output.FullName, "*.pbf", SearchOption.AllDirectories);
            files.Select(f => Path.GetRelativePath(output.FullName, f).Split('/')[0]).Distinct().Count().ShouldBe(13, "one folder per zoom 0..12");
            File.Exists(files[0] + ".gz").ShouldBeTrue();

            // Each zoom's tiles hold every smart lamppost once, and match the service byte for byte.
            var client = factory.CreateClient();
            foreach (var file in files.Where(f => f.Contains($"{Path.DirectorySeparatorChar}9{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var path = Path.GetRelativePath(output.FullName, file);
                (await File.ReadAllBytesAsync(file)).ShouldBe(await client.GetByteArrayAsync($"/tiles/smart-lampposts/{path}"));
            }
            files.Where(f => Path.GetRelativePath(output.FullName, f).StartsWith("11/", StringComparison.Ordinal))
                .Sum(f => DecodedTile.Decode(File.ReadAllBytes(f)).Layer("smart-lampposts").Sum(p => p.PointCount)).ShouldBe(25);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Seed_refuses_an_unknown_dataset_with_a_one_line_error()
    {
        var exit = await SpatialHubCli.RunAsync(["tiles", "seed", "--connection", factory.ConnectionString,
            "--layers", "no-such-dataset", "--minzoom", "0", "--maxzoom", "1", "--cache-dir", Path.GetTempPath()]);
        exit.ShouldBe(2);
    }
}

[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TileDiskCacheTests(SpatialHubFactory factory)
{
    [Fact]
    public async Task Seed_fills_a_disk_cache_keyed_by_the_dataset_versions()
    {
        var cache = Directory.CreateTempSubdirectory("spatialhub-seed-");
        try
        {
            var exit = await SpatialHubCli.RunAsync(["tiles", "seed", "--connection", factory.ConnectionString,
                "--layers", "smart-lampposts", "--minzoom", "0", "--maxzoom", "8", "--cache-dir", cache.FullName]);
            exit.ShouldBe(0);
            var version = (await TilesCollection.DatasetAsync(factory, "smart-lampposts")).Version;
            var folder = Directory.GetDirectories(cache.FullName).ShouldHaveSingleItem();
            Path.GetFileName(folder).ShouldStartWith($"smart-lampposts@{version}~", Case.Sensitive, "the version set, then the tile settings' fingerprint");
            Directory.GetFiles(folder, "*.mvt", SearchOption.AllDirectories).Length.ShouldBe(9, "one tile per zoom 0..8 over a small area");
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }
}
