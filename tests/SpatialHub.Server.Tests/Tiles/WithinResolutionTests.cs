using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Tests.Features;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

/// <summary><c>within=dataset:featureId</c> has one set of answers wherever it is taken: an unknown dataset and an
/// unknown feature are 404 problems naming what is missing, in tiles (not 204 empty tiles), TileJSON and items
/// (GeoJSON and CSV), whether or not the area's dataset was seen before.</summary>
[Trait("Category", "Integration")]
[Collection(TilesCollection.Name)]
public sealed class WithinResolutionTests(SpatialHubFactory factory)
{
    private static readonly string WanChai = WebMercator.TileContaining(114.18, 22.28, 14).ToString();

    public static TheoryData<string> Urls => new()
    {
        $"/tiles/wifi-hk/{WanChai}.pbf?within=",
        "/tiles/wifi-hk?within=",
        "/collections/wifi-hk/items?within=",
        "/collections/wifi-hk/items?f=csv&within=",
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task An_unknown_area_dataset_is_a_404_problem_naming_it(string url)
    {
        var response = await factory.CreateClient().GetAsync(url + "no-such-dataset:1");

        await ShouldBeNotFoundAsync(response, "Dataset not found", "no-such-dataset");
    }

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task An_unknown_area_feature_is_a_404_problem_naming_it_even_once_the_area_dataset_is_known(string url)
    {
        var client = factory.CreateClient();
        var district = await FeatureApi.FeatureIdAsync(client, "districts", "DC_ENG", "Wan Chai");
        // The same request shape with a real district first: tiles then know the area's dataset and its version,
        // the state in which a missing feature used to render as an empty tile.
        (await client.GetAsync(url + $"districts:{district}")).StatusCode.ShouldBe(HttpStatusCode.OK, url);

        var response = await client.GetAsync(url + "districts:999999");

        await ShouldBeNotFoundAsync(response, "Feature not found", "'districts' has no feature 999999");
    }

    [Fact]
    public async Task A_known_area_keeps_its_answers_for_tiles_and_items()
    {
        var client = factory.CreateClient();
        var district = await FeatureApi.FeatureIdAsync(client, "districts", "DC_ENG", "Wan Chai");
        var inside = await FeatureApi.IdsIntersectingAsync(factory, "wifi-hk", "districts", district);

        var items = await client.GetJsonAsync($"/collections/wifi-hk/items?within=districts:{district}&limit=10000");
        items.Ids().ShouldBe(inside);
        var tile = await client.GetAsync($"/tiles/wifi-hk/{WanChai}.pbf?within=districts:{district}");
        tile.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task ShouldBeNotFoundAsync(HttpResponseMessage response, string title, string detail)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe(title);
        problem.GetProperty("detail").GetString()!.ShouldContain(detail);
    }
}
