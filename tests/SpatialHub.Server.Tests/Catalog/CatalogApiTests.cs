using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Catalog;

[Trait("Category", "Integration")]
public sealed class CatalogApiTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task The_catalog_lists_the_five_sample_datasets_with_their_exact_counts()
    {
        var catalog = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/catalog");
        var counts = catalog.GetProperty("datasets").EnumerateArray()
            .ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("featureCount").GetInt64());
        counts.ShouldBe(new Dictionary<string, long>
        {
            ["districts"] = 18,
            ["it-sites"] = 27,
            ["lampposts"] = 5_666,
            ["smart-lampposts"] = 25,
            ["wifi-hk"] = 5_430,
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task Each_catalog_entry_has_a_title_a_geometry_type_and_links_to_its_tilejson_and_items()
    {
        var catalog = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/catalog");
        foreach (var dataset in catalog.GetProperty("datasets").EnumerateArray())
        {
            var id = dataset.GetProperty("id").GetString();
            dataset.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
            dataset.GetProperty("geometryType").GetString().ShouldBe(id == "districts" ? "Polygon" : "Point", customMessage: id);
            var links = dataset.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("rel").GetString()!, l => l.GetProperty("href").GetString()!);
            links["tilejson"].ShouldBe($"http://localhost/tiles/{id}");
            links["items"].ShouldBe($"http://localhost/collections/{id}/items");
        }
    }

    [Fact]
    public async Task A_dataset_shows_its_bbox_in_wgs84_its_version_and_its_fields()
    {
        var dataset = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/it-sites");
        dataset.GetProperty("featureCount").GetInt64().ShouldBe(27);
        dataset.GetProperty("sourceCrs").GetString().ShouldBe("EPSG:2326");
        var bbox = dataset.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        bbox.Length.ShouldBe(4);
        bbox[0].ShouldBeInRange(113.8, 114.5);
        bbox[1].ShouldBeInRange(22.15, 22.56);
        bbox[2].ShouldBeInRange(bbox[0], 114.5);
        bbox[3].ShouldBeInRange(bbox[1], 22.56);
        long.Parse(dataset.GetProperty("version").GetString()!).ShouldBeGreaterThan(0);
        dataset.GetProperty("importedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(-1));
        var fields = dataset.GetProperty("fields").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString()!);
        fields["name_en"].ShouldBe("text");
        fields["opened"].ShouldBe("integer");
    }

    [Fact]
    public async Task An_unknown_dataset_is_a_404_problem_and_a_malformed_id_a_400_problem()
    {
        var client = factory.CreateClient();
        var missing = await client.GetAsync("/api/datasets/no-such-dataset");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("no-such-dataset");

        var malformed = await client.GetAsync("/api/datasets/Bad%20Id!");
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await malformed.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("Invalid dataset id");
        // Refused by binding (DatasetId.TryParse): the detail names the route parameter and the rule.
        problem.GetProperty("detail").GetString().ShouldBe(
            "Invalid dataset id 'Bad Id!' in 'id': use 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit.");
    }

    [Fact]
    public async Task Deleting_needs_the_api_key()
    {
        var anonymous = await factory.CreateClient().DeleteAsync("/api/datasets/smart-lampposts");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var wrongKey = factory.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");
        (await wrongKey.DeleteAsync("/api/datasets/smart-lampposts")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await factory.CreateClient().GetAsync("/api/datasets/smart-lampposts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_is_ok_when_the_database_answers_and_the_openapi_document_is_served()
    {
        var client = factory.CreateClient();
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        openApi.GetProperty("paths").TryGetProperty("/api/datasets/{id}", out _).ShouldBeTrue();
    }
}
