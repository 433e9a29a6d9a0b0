using System.Net;
using System.Net.Http.Headers;
using SkiaSharp;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Rendering;

[Collection(RenderingCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RasterApiTests(SpatialHubFactory factory)
{
    private static readonly SKColor ScienceParkBlue = SKColor.Parse("#0b57a4");

    private static string SciencePark(double zoom) =>
        FormattableString.Invariant($"{RenderingCollection.SciencePark.X},{RenderingCollection.SciencePark.Y},{zoom}");

    [Fact]
    public async Task A_static_map_centred_on_the_science_park_site_at_z17_shows_the_it_sites_colour_at_the_centre()
    {
        var response = await factory.CreateClient().GetAsync($"/static/{RenderingCollection.AllSamples}/{SciencePark(17)}/400x300.png");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        using var image = RenderingCollection.DecodePng(await response.Content.ReadAsByteArrayAsync());
        (image.Width, image.Height).ShouldBe((400, 300));
        RenderingCollection.ShareOf(image, 200, 150, 8, ScienceParkBlue).ShouldBeGreaterThan(0.5);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "spatialhub-static-science-park.png"), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_static_map_over_open_sea_is_one_colour_and_at_2x_has_twice_the_pixels()
    {
        // South of Hong Kong's waters: no district, lamppost, hotspot or site within the view.
        var response = await factory.CreateClient().GetAsync($"/static/{RenderingCollection.AllSamples}/114.2,21.2,12/600x400@2x.png");
        using var image = RenderingCollection.DecodePng(await response.Content.ReadAsByteArrayAsync());
        (image.Width, image.Height).ShouldBe((1200, 800));
        var colours = new HashSet<SKColor>();
        // The bottom strip carries the scale bar and the attribution (five sources' names, wrapped).
        for (var y = 0; y < image.Height - 160; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                colours.Add(image.GetPixel(x, y));
            }
        }
        colours.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_png_tile_and_the_vector_tile_of_the_same_address_are_served_side_by_side()
    {
        var client = factory.CreateClient();
        var tile = WebMercator.TileContaining(RenderingCollection.SciencePark.X, RenderingCollection.SciencePark.Y, 15);
        var png = await client.GetAsync($"/tiles/it-sites,wifi-hk/{tile}.png");
        var retina = await client.GetAsync($"/tiles/it-sites,wifi-hk/{tile}@2x.png");
        var mvt = await client.GetAsync($"/tiles/it-sites,wifi-hk/{tile}");
        var pbf = await client.GetAsync($"/tiles/it-sites,wifi-hk/{tile}.pbf");

        png.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        using (var image = RenderingCollection.DecodePng(await png.Content.ReadAsByteArrayAsync()))
        {
            (image.Width, image.Height).ShouldBe((256, 256));
            image.Pixels.ShouldContain(p => p == ScienceParkBlue);
            image.GetPixel(0, 0).Alpha.ShouldBe((byte)0); // an overlay: transparent where nothing is drawn
        }
        using (var image = RenderingCollection.DecodePng(await retina.Content.ReadAsByteArrayAsync()))
        {
            (image.Width, image.Height).ShouldBe((512, 512));
        }
        mvt.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.mapbox-vector-tile");
        pbf.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.mapbox-vector-tile");
        (await client.GetAsync($"/tiles/it-sites/{tile}.jpg")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Images_carry_an_etag_that_answers_304_versioned_cache_control_and_cors()
    {
        var client = factory.CreateClient();
        var tileJson = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/tiles/wifi-hk"))!;
        var version = new Uri((string)tileJson["tiles"]![0]!).Query; // ?v=<token>
        var tile = WebMercator.TileContaining(114.158, 22.282, 14);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/tiles/wifi-hk/{tile}.png{version}");
        request.Headers.Add("Origin", "https://elsewhere.example");
        var first = await client.SendAsync(request);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Headers.CacheControl!.ToString().ShouldContain("immutable");
        first.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
        var unversioned = await client.GetAsync($"/tiles/wifi-hk/{tile}.png");
        unversioned.Headers.CacheControl!.ToString().ShouldNotContain("immutable");

        foreach (var url in new[] { $"/tiles/wifi-hk/{tile}.png", $"/static/wifi-hk/114.158,22.282,14/128x128.png" })
        {
            var response = await client.GetAsync(url);
            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            var notModified = await client.SendAsync(again);
            notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
            (await notModified.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        }
    }

    [Theory]
    [InlineData("/static/wifi-hk/114.17,22.3,12/0x100.png", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/114.17,22.3,12/5000x100.png", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/114.17,22.3,12/2048x2048@2x.png", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/114.17,22.3,30/100x100.png", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/200,22.3,12/100x100.png", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/114.17,95,12/100x100.png", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/114.17,22.3/100x100.png", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/a,b,c/100x100.png", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/114.17,22.3,12/100x100.gif", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/114.17,22.3,12/100x100.png?bbox=1,2,3", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/auto/100x100.png?bbox=114.3,22.2,114.1,22.4", HttpStatusCode.BadRequest)]
    [InlineData("/static/wifi-hk/auto/100x100.png?bbox=114.1,22.2,NaN,22.4", HttpStatusCode.BadRequest)]
    [InlineData("/static/no-such-dataset/114.17,22.3,12/100x100.png", HttpStatusCode.NotFound)]
    [InlineData("/tiles/no-such-dataset/12/3346/1786.png", HttpStatusCode.NotFound)]
    [InlineData("/tiles/wifi-hk/30/1/1.png", HttpStatusCode.BadRequest)]
    [InlineData("/tiles/wifi-hk/3/9/1.png", HttpStatusCode.BadRequest)]
    [InlineData("/tiles/wifi-hk/3/1/1@3x.png", HttpStatusCode.BadRequest)]
    [InlineData("/styles/no-such-dataset", HttpStatusCode.NotFound)]
    [InlineData("/styles/Bad%20Id", HttpStatusCode.BadRequest)]
    [InlineData("/styles/wifi-hk,wifi-hk", HttpStatusCode.BadRequest)]
    public async Task Bad_input_gets_a_problem_details_4xx_never_a_5xx(string url, HttpStatusCode expected)
    {
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)problem["detail"]).ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_bbox_fits_the_map_to_the_box()
    {
        // The box around the science park site: fitted, the site is near the centre of the image.
        var (lon, lat) = RenderingCollection.SciencePark;
        var bbox = FormattableString.Invariant($"{lon - 0.002},{lat - 0.002},{lon + 0.002},{lat + 0.002}");
        var response = await factory.CreateClient().GetAsync($"/static/it-sites/auto/300x300.png?bbox={bbox}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var image = RenderingCollection.DecodePng(await response.Content.ReadAsByteArrayAsync());
        RenderingCollection.ShareOf(image, 150, 150, 8, ScienceParkBlue).ShouldBeGreaterThan(0.5);
    }
}
