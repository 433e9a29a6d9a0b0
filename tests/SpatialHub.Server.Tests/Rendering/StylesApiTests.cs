using System.Net;
using System.Text.Json.Nodes;
using SpatialHub.Mapping.Tests;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Rendering;

[Collection(RenderingCollection.Name)]
[Trait("Category", "Integration")]
public sealed class StylesApiTests(SpatialHubFactory factory)
{
    [Fact]
    public async Task The_style_of_all_samples_is_valid_maplibre_with_sources_at_the_tilejson_and_layers_on_the_dataset_ids()
    {
        var response = await factory.CreateClient().GetAsync($"/styles/{RenderingCollection.AllSamples}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await response.Content.ReadAsStringAsync();

        MapLibreStyleValidator.Validate(json, RepositoryPaths.Root).ShouldBeEmpty();
        var style = JsonNode.Parse(json)!.AsObject();
        var ids = RenderingCollection.AllSamples.Split(',');
        var sources = style["sources"]!.AsObject();
        sources.Select(s => s.Key).ShouldBe(ids, ignoreOrder: true);
        foreach (var (id, source) in sources)
        {
            ((string?)source!["url"]).ShouldBe($"http://localhost/tiles/{id}");
        }
        var layers = style["layers"]!.AsArray().Select(l => l!.AsObject()).ToList();
        layers.ShouldAllBe(l => ids.Contains((string?)l["source-layer"]) && (string?)l["source"] == (string?)l["source-layer"]);
        // Areas first, the I&T sites last (on top), and each sample's cluster styling by point_count.
        ((string?)layers[0]["source-layer"]).ShouldBe("districts");
        ((string?)layers[^1]["source-layer"]).ShouldBe("it-sites");
        foreach (var points in new[] { "wifi-hk", "lampposts", "smart-lampposts", "it-sites" })
        {
            layers.ShouldContain(l => (string?)l["source-layer"] == points && l["filter"]!.ToJsonString() == "[\"has\",\"point_count\"]");
        }
        style["metadata"]!["spatialhub:legends"]!.AsObject().Count.ShouldBe(5);
    }

    [Fact]
    public async Task A_tilejson_named_by_the_style_answers()
    {
        var client = factory.CreateClient();
        var style = JsonNode.Parse(await client.GetStringAsync("/styles/wifi-hk"))!;
        var tileJson = await client.GetAsync((string)style["sources"]!["wifi-hk"]!["url"]!);
        tileJson.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public Task A_style_file_edited_in_the_styles_directory_is_served_and_rendered_at_once_without_a_restart() =>
        RenderingCollection.WithEditableItSitesStyle(factory, async (client, edit) =>
        {
            var url = $"/static/it-sites/{RenderingCollection.SciencePark.X},{RenderingCollection.SciencePark.Y},17/200x200.png";
            var before = await client.GetAsync(url);
            (await client.GetStringAsync("/styles/it-sites")).ShouldContain("#0b57a4");

            edit();

            (await client.GetStringAsync("/styles/it-sites")).ShouldContain("#00ff00");
            var after = await client.GetAsync(url);
            after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
            using var image = RenderingCollection.DecodePng(await after.Content.ReadAsByteArrayAsync());
            RenderingCollection.ShareOf(image, 100, 100, 8, new SkiaSharp.SKColor(0, 255, 0)).ShouldBeGreaterThan(0.5);
            // A dataset without a file in that directory gets the default style, not an error.
            (await client.GetAsync("/styles/wifi-hk")).StatusCode.ShouldBe(HttpStatusCode.OK);
        });
}
