using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Projection;

[Trait("Category", "Integration")]
public sealed class TransformApiTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task One_point_is_transformed_to_the_lands_department_check_value()
    {
        var point = await factory.CreateClient().GetFromJsonAsync<JsonElement>(
            "/api/transform?from=EPSG:2326&to=urn:ogc:def:crs:OGC:1.3:CRS84&x=832591.320&y=820351.389");

        point.GetProperty("x").GetDouble().ShouldBe(114.141187917, 1e-8);
        point.GetProperty("y").GetDouble().ShouldBe(22.322172084, 1e-8);
        point.GetProperty("from").GetString().ShouldBe("EPSG:2326");
        point.GetProperty("to").GetString().ShouldBe("EPSG:4326");
    }

    [Fact]
    public async Task A_batch_of_pairs_comes_back_in_order()
    {
        var response = await factory.CreateClient().PostAsync("/api/transform?from=2326&to=3857",
            Json("[[832591.320, 820351.389], [835411.431, 817266.016]]"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var pairs = await response.Content.ReadFromJsonAsync<double[][]>();
        pairs!.Length.ShouldBe(2);
        var (x, y) = Cs2cs.Transform("EPSG:2326", "EPSG:3857", 835411.431, 817266.016);
        pairs[1][0].ShouldBe(x, 0.002);
        pairs[1][1].ShouldBe(y, 0.002);
    }

    [Fact]
    public async Task A_geojson_feature_collection_has_every_coordinate_transformed_and_its_crs_member_updated()
    {
        const string geoJson = """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2326"}},
             "features":[
               {"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[832591.320,820351.389]}},
               {"type":"Feature","properties":{"n":2},"geometry":{"type":"Polygon","coordinates":[[[832000,820000],[833000,820000],[833000,821000],[832000,820000]]]}}]}
            """;

        var response = await factory.CreateClient().PostAsync("/api/transform?from=EPSG:2326&to=EPSG:4326", Json(geoJson));

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/geo+json");
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var point = result.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        point[0].GetDouble().ShouldBe(114.141187917, 1e-8);
        point[1].GetDouble().ShouldBe(22.322172084, 1e-8);
        var ring = result.GetProperty("features")[1].GetProperty("geometry").GetProperty("coordinates")[0];
        ring.GetArrayLength().ShouldBe(4);
        ring.EnumerateArray().ShouldAllBe(p => p[0].GetDouble() > 114 && p[0].GetDouble() < 115 && p[1].GetDouble() > 22 && p[1].GetDouble() < 23);
        result.GetProperty("crs").GetProperty("properties").GetProperty("name").GetString().ShouldBe("urn:ogc:def:crs:EPSG::4326");
        result.GetProperty("features")[1].GetProperty("properties").GetProperty("n").GetInt32().ShouldBe(2);
    }

    [Theory]
    [InlineData("/api/transform?from=EPSG:27700&to=EPSG:4326&x=1&y=2", "EPSG:27700")]
    [InlineData("/api/transform?from=EPSG:2326&to=bogus&x=1&y=2", "bogus")]
    [InlineData("/api/transform?from=EPSG:2326&to=EPSG:4326&x=NaN&y=2", "finite")]
    [InlineData("/api/transform?from=EPSG:2326&to=EPSG:4326&x=abc&y=2", "")]
    public async Task Bad_parameters_are_a_400_problem(string url, string mentioned)
    {
        var response = await factory.CreateClient().GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(mentioned);
    }

    [Theory]
    [InlineData("[[1, \"a\"]]")]
    [InlineData("{\"not\": \"geojson\"}")]
    [InlineData("[[1,2],")]
    [InlineData("[1]")]
    public async Task A_bad_body_is_a_400_problem(string body)
    {
        var response = await factory.CreateClient().PostAsync("/api/transform?from=2326&to=4326", Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
