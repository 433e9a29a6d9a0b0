using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace SpatialHub.Server.Tests.Publishing;

/// <summary>Issue 17 item 8 / issue 22: an unpublished dataset is absent from every read without a key, and comes
/// back when published again.</summary>
[Trait("Category", "Integration")]
public sealed class PublishedFlagTests(PublishingFactory factory) : IClassFixture<PublishingFactory>
{
    private const string Csv = "Name,Latitude,Longitude\nHidden Garden,22.2819,114.1887\nHidden Pier,22.3008,114.1717\n";

    private static readonly string[] Surfaces =
    [
        "/api/datasets/draft-parks", "/collections/draft-parks", "/collections/draft-parks/items", "/collections/draft-parks/items/1",
        "/tiles/draft-parks", "/tiles/draft-parks/10/854/438.pbf", "/tiles/draft-parks/10/854/438.png", "/styles/draft-parks", "/tiles/districts,draft-parks",
        "/api/analytics/grid?dataset=draft-parks&cell=500", "/collections/draft-parks/tiles",
        "/print/draft-parks/114.18,22.29,12/400x300.pdf", "/collections/draft-parks/items?f=gpkg", "/collections/draft-parks/items?f=kml",
    ];

    [Fact]
    public async Task An_unpublished_dataset_is_404_on_every_surface_and_absent_from_lists_until_published()
    {
        var admin = factory.CreateWriter();
        var anonymous = factory.CreateClient();
        // Seen first while published, so that the caches (tiles, layer sets, catalog list) hold it.
        (await admin.PutAsync("/api/datasets/draft-parks", new StringContent(Csv, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        foreach (var url in Surfaces)
        {
            ((int)(await anonymous.GetAsync(url)).StatusCode).ShouldBeLessThan(400, url);
        }
        (await Search(anonymous)).ShouldContain("draft-parks");

        var patch = await admin.PatchAsJsonAsync("/api/datasets/draft-parks", new { published = false });
        patch.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await patch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("published").GetBoolean().ShouldBeFalse();
        await AbsentAsync(anonymous);

        // A new version imported unpublished stays hidden; the key holder still sees it in its list.
        (await admin.PutAsync("/api/datasets/draft-parks?published=false", new StringContent(Csv, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        await AbsentAsync(anonymous);
        var mine = await admin.GetFromJsonAsync<JsonElement>("/api/publish/datasets");
        mine.EnumerateArray().Single(d => d.GetProperty("id").GetString() == "draft-parks").GetProperty("published").GetBoolean().ShouldBeFalse();

        (await admin.PatchAsJsonAsync("/api/datasets/draft-parks", new { published = true })).EnsureSuccessStatusCode();
        foreach (var url in Surfaces)
        {
            ((int)(await anonymous.GetAsync(url)).StatusCode).ShouldBeLessThan(400, url);
        }
        (await CatalogIds(anonymous, "/catalog")).ShouldContain("draft-parks");

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?dataset=draft-parks");
        audit.EnumerateArray().Select(r => r.GetProperty("action").GetString()).ShouldBe(["publish", "import", "unpublish", "import"]);
    }

    private async Task AbsentAsync(HttpClient anonymous)
    {
        foreach (var url in Surfaces)
        {
            var response = await anonymous.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        }
        (await CatalogIds(anonymous, "/catalog")).ShouldNotContain("draft-parks");
        (await CatalogIds(anonymous, "/api/datasets")).ShouldNotContain("draft-parks");
        var collections = await anonymous.GetFromJsonAsync<JsonElement>("/collections");
        collections.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ShouldNotContain("draft-parks");
        (await Search(anonymous)).ShouldNotContain("draft-parks");
    }

    private static async Task<List<string?>> Search(HttpClient client)
    {
        var answer = await client.GetFromJsonAsync<JsonElement>("/api/search?q=Hidden");
        return answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("dataset").GetString()).ToList();
    }

    private static async Task<List<string?>> CatalogIds(HttpClient client, string url)
    {
        var answer = await client.GetFromJsonAsync<JsonElement>(url);
        var list = answer.ValueKind == JsonValueKind.Array ? answer : answer.GetProperty("datasets");
        return list.EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
    }
}
