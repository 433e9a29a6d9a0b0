using System.Globalization;
using System.Text.Json;
using SkiaSharp;
using SpatialHub.Core.Tiles;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>MapLibre GL JS in Chromium (the outside judge) and the .NET renderer draw the same tile from the same
/// styles: the points must fall in the same places.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RasterTileAgreementTests(MapPagesFixture fixture)
{
    [Fact]
    public async Task A_raster_tile_puts_at_least_90_percent_of_maplibres_point_centres_within_2_px()
    {
        // A z16 XYZ tile (256 px) in Central, dense with Wi-Fi.HK locations: MapLibre shows it at zoom 15.
        var tile = WebMercator.TileContaining(114.1580, 22.2830, 16);
        var n = Math.Pow(2, tile.Z);
        double Lon(double x) => (x / n * 360) - 180;
        double Lat(double y) => Math.Atan(Math.Sinh(Math.PI * (1 - (2 * y / n)))) * 180 / Math.PI;
        var (west, north) = (Lon(tile.X), Lat(tile.Y));
        var (centreLon, centreLat) = (Lon(tile.X + 0.5), Lat(tile.Y + 0.5));

        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        using var ours = SKBitmap.Decode(await http.GetByteArrayAsync($"/tiles/wifi-hk/{tile}.png"));
        ours.Width.ShouldBe(256);

        var hash = string.Create(CultureInfo.InvariantCulture, $"#{tile.Z - 1}/{centreLat:0.#######}/{centreLon:0.#######}");
        await using var page = await fixture.OpenAsync($"/embed?layers=wifi-hk{hash}", 700, 700);
        await page.ScreenshotAsync("raster-agreement-maplibre.png");
        var json = await page.EvaluateAsync<JsonElement>("""
            ([west, north]) => {
              const map = window.spatialhubMap;
              const corner = map.project([west, north]);
              const layers = map.getStyle().layers.filter(l => l.metadata && l.metadata['spatialhub:dataset'] === 'wifi-hk' && l.type === 'circle').map(l => l.id);
              return map.queryRenderedFeatures({ layers })
                .filter(f => f.geometry.type === 'Point' && !f.properties.point_count)
                .map(f => { const p = map.project(f.geometry.coordinates); return [p.x - corner.x, p.y - corner.y]; });
            }
            """, new object[] { west, north });
        var centres = json.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble()))
            .Where(p => p.X is >= 3 and <= 253 && p.Y is >= 3 and <= 253).Distinct().ToList();
        centres.Count.ShouldBeGreaterThan(10);

        // The Wi-Fi.HK fill (#d9480f at 0.85 on a transparent tile): one of our pixels within 2 px of MapLibre's centre.
        bool OursNear((double X, double Y) c)
        {
            for (var dy = -2; dy <= 2; dy++)
            {
                for (var dx = -2; dx <= 2; dx++)
                {
                    var pixel = ours.GetPixel((int)Math.Round(c.X) + dx, (int)Math.Round(c.Y) + dy);
                    if (pixel.Alpha > 150 && Math.Abs(pixel.Red - 0xd9) < 30 && Math.Abs(pixel.Green - 0x48) < 30 && Math.Abs(pixel.Blue - 0x0f) < 30)
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        var agreeing = centres.Count(OursNear);
        ((double)agreeing / centres.Count).ShouldBeGreaterThanOrEqualTo(0.9, $"{agreeing} of {centres.Count} MapLibre point centres have our point within 2 px");
    }
}
