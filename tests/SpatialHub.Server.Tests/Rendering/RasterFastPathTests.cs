using System.Net;
using SkiaSharp;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Rendering;

/// <summary>A raster tile already rendered is answered ahead of routing (RasterFastPath): the answer must be the
/// endpoint's, and a style edit must still show at once.</summary>
[Collection(RenderingCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RasterFastPathTests(SpatialHubFactory factory)
{
    [Fact]
    public async Task A_cached_raster_tile_gets_the_same_status_headers_and_bytes_as_its_first_render()
    {
        var client = factory.CreateClient();
        var tileJson = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/tiles/it-sites,wifi-hk"))!;
        var version = new Uri((string)tileJson["tiles"]![0]!).Query;
        var tile = WebMercator.TileContaining(RenderingCollection.SciencePark.X, RenderingCollection.SciencePark.Y, 15);
        foreach (var url in new[] { $"/tiles/it-sites,wifi-hk/{tile}.png", $"/tiles/it-sites,wifi-hk/{tile}@2x.png{version}" })
        {
            var first = await client.GetAsync(url);
            var cached = await client.GetAsync(url);
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
            cached.StatusCode.ShouldBe(HttpStatusCode.OK);
            cached.Headers.ETag.ShouldBe(first.Headers.ETag);
            cached.Headers.CacheControl!.ToString().ShouldBe(first.Headers.CacheControl!.ToString());
            cached.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            cached.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
            cached.Content.Headers.ContentLength.ShouldBe(first.Content.Headers.ContentLength);
            (await cached.Content.ReadAsByteArrayAsync()).ShouldBe(await first.Content.ReadAsByteArrayAsync());
        }
        var versioned = await client.GetAsync($"/tiles/it-sites,wifi-hk/{tile}@2x.png{version}");
        versioned.Headers.CacheControl!.ToString().ShouldContain("immutable");
        (await client.GetAsync($"/tiles/it-sites,wifi-hk/{tile}.png?v=zz")).Headers.CacheControl!.ToString().ShouldNotContain("immutable");
    }

    [Fact]
    public Task A_style_edit_shows_at_once_in_a_raster_tile_that_was_cached() =>
        RenderingCollection.WithEditableItSitesStyle(factory, async (client, edit) =>
        {
            var url = $"/tiles/it-sites/{WebMercator.TileContaining(RenderingCollection.SciencePark.X, RenderingCollection.SciencePark.Y, 15)}.png";
            await client.GetAsync(url);
            var before = await client.GetAsync(url);

            edit();

            var after = await client.GetAsync(url);
            after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
            using (var image = RenderingCollection.DecodePng(await before.Content.ReadAsByteArrayAsync()))
            {
                image.Pixels.ShouldNotContain(new SKColor(0, 255, 0));
            }
            using (var image = RenderingCollection.DecodePng(await after.Content.ReadAsByteArrayAsync()))
            {
                image.Pixels.ShouldContain(new SKColor(0, 255, 0));
            }
        });
}
