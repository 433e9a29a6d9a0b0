using SkiaSharp;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Rendering;

/// <summary>The style and rendering tests share one service with the sample data (imported once).</summary>
[CollectionDefinition(Name)]
public sealed class RenderingCollection : ICollectionFixture<SpatialHubFactory>
{
    public const string Name = "Rendering";

    public const string AllSamples = "districts,lampposts,wifi-hk,smart-lampposts,it-sites";

    /// <summary>Hong Kong Science Park's I&amp;T site (data-samples/it-sites-hk1980.csv, HKSP) in WGS84, by PROJ.</summary>
    public static (double X, double Y) SciencePark { get; } = Cs2cs.Transform("EPSG:2326", "EPSG:4326", 839884.226, 831804.513);

    /// <summary>Share of the pixels within <paramref name="radius"/> of a point that are exactly <paramref name="colour"/>. A site
    /// marker carries its category letter in white at its centre (as on the web map), so the test looks at the marker
    /// around the centre pixel rather than at that one pixel.</summary>
    /// <param name="tolerance">Largest sum of channel differences still counted (0: exactly; a PDF rasterised by
    /// poppler, not Skia, wants a few levels).</param>
    public static double ShareOf(SKBitmap image, int x, int y, int radius, SKColor colour, int tolerance = 0)
    {
        int hits = 0, all = 0;
        for (var dy = -radius; dy <= radius; dy++)
        {
            for (var dx = -radius; dx <= radius; dx++)
            {
                if ((dx * dx) + (dy * dy) <= radius * radius)
                {
                    all++;
                    var p = image.GetPixel(x + dx, y + dy);
                    hits += Math.Abs(p.Red - colour.Red) + Math.Abs(p.Green - colour.Green) + Math.Abs(p.Blue - colour.Blue) + Math.Abs(p.Alpha - colour.Alpha) <= tolerance ? 1 : 0;
                }
            }
        }
        return (double)hits / all;
    }

    /// <summary>Runs <paramref name="test"/> on the service with a styles directory of its own that holds a copy of
    /// tiles/it-sites.json; the test's second argument edits that file, turning the sites' blue (#0b57a4) to #00ff00.</summary>
    public static async Task WithEditableItSitesStyle(SpatialHubFactory factory, Func<HttpClient, Action, Task> test)
    {
        var directory = Directory.CreateTempSubdirectory("spatialhub-styles-").FullName;
        try
        {
            var file = Path.Combine(directory, "it-sites.json");
            File.Copy(Path.Combine(RepositoryPaths.Root, "tiles", "it-sites.json"), file);
            using var custom = factory.WithWebHostBuilder(b => b.UseSetting("SpatialHub:Styles:Directory", directory));
            await test(custom.CreateClient(), () =>
            {
                File.WriteAllText(file, File.ReadAllText(file).Replace("#0b57a4", "#00ff00", StringComparison.Ordinal));
                File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static SKBitmap DecodePng(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new InvalidOperationException("The response is not a decodable PNG.");
}
