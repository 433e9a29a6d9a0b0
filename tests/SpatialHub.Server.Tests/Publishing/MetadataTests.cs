using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace SpatialHub.Server.Tests.Publishing;

/// <summary>Issue 22 item 3: metadata set at import and by PATCH, shown in the catalog, OGC API and TileJSON; the
/// samples carry theirs; the dry run validates without a new version.</summary>
[Trait("Category", "Integration")]
public sealed class MetadataTests(PublishingFactory factory) : IClassFixture<PublishingFactory>
{
    private const string Csv = "Name,Latitude,Longitude\nStar Ferry Pier,22.2936,114.1685\n";

    [Fact]
    public async Task Metadata_given_at_import_and_by_patch_shows_in_catalog_collections_and_tilejson()
    {
        var admin = factory.CreateWriter();
        var import = await admin.PutAsync(
            "/api/datasets/piers?description=Ferry%20piers&licence=CC-BY-4.0&keywords=ferry,%20pier&updateFrequency=monthly&department=Marine%20Department",
            new StringContent(Csv, Encoding.UTF8, "text/csv"));
        import.StatusCode.ShouldBe(HttpStatusCode.OK, await import.Content.ReadAsStringAsync());

        var collection = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/collections/piers");
        collection.GetProperty("description").GetString().ShouldBe("Ferry piers");
        collection.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()).ShouldBe(["ferry", "pier"]);
        collection.GetProperty("links").EnumerateArray()
            .Single(l => l.GetProperty("rel").GetString() == "license").GetProperty("href").GetString()
            .ShouldBe("https://spdx.org/licenses/CC-BY-4.0.html");

        var patch = await admin.PatchAsJsonAsync("/api/datasets/piers",
            new { description = "Public ferry piers", sourceUrl = "https://data.gov.hk/en-data/dataset/example", keywords = Array.Empty<string>() });
        patch.StatusCode.ShouldBe(HttpStatusCode.OK, await patch.Content.ReadAsStringAsync());
        var catalog = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/catalog");
        var entry = catalog.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "piers");
        var metadata = entry.GetProperty("metadata");
        metadata.GetProperty("description").GetString().ShouldBe("Public ferry piers");
        metadata.GetProperty("licence").GetString().ShouldBe("CC-BY-4.0");
        metadata.GetProperty("department").GetString().ShouldBe("Marine Department");
        (metadata.TryGetProperty("keywords", out var keywords) && keywords.ValueKind == JsonValueKind.Array).ShouldBeFalse("an empty list clears them");
        var tileJson = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/tiles/piers");
        tileJson.GetProperty("description").GetString()!.ShouldStartWith("Public ferry piers");
    }

    [Fact]
    public async Task Samples_carry_metadata_from_their_provenance()
    {
        var wifi = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/wifi-hk");
        var metadata = wifi.GetProperty("metadata");
        metadata.GetProperty("licence").GetString().ShouldBe("https://data.gov.hk/en/terms-and-conditions");
        metadata.GetProperty("sourceUrl").GetString().ShouldBe("https://data.gov.hk/en-data/dataset/hk-ogcio-ogcio_hp-wi-fi-hk-locations");
        metadata.GetProperty("department").GetString()!.ShouldContain("Digital Policy Office");
    }

    [Theory]
    [InlineData("""{"licence":"not a licence!"}""", "Invalid licence")]
    [InlineData("""{"licence":"javascript:alert(1)"}""", "Invalid licence")]
    [InlineData("""{"sourceUrl":"file:///etc/passwd"}""", "Invalid sourceUrl")]
    [InlineData("""{"updateFrequency":"hourly"}""", "Invalid updateFrequency")]
    [InlineData("""{"keywords":["a,b"]}""", "Invalid keywords")]
    [InlineData("""{"title":"x\u0000y"}""", "Invalid title")]
    public async Task Bad_metadata_is_400_naming_the_field(string body, string title)
    {
        var response = await factory.CreateWriter().PatchAsync("/api/datasets/it-sites", new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe(title);
    }

    [Fact]
    public async Task A_dry_run_reports_row_issues_with_line_numbers_and_writes_no_version()
    {
        var before = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/it-sites");
        var response = await factory.CreateWriter().PutAsync("/api/datasets/it-sites?dryRun=true&onError=skip",
            new StringContent("Name,Latitude,Longitude\nGood,22.3,114.17\nBad,abc,114.1\n", Encoding.UTF8, "text/csv"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("imported").GetInt64().ShouldBe(1);
        report.GetProperty("issues").EnumerateArray().Single().GetProperty("line").GetInt64().ShouldBe(3);
        var after = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/it-sites");
        after.GetProperty("version").GetString().ShouldBe(before.GetProperty("version").GetString());
        after.GetProperty("featureCount").GetInt64().ShouldBe(before.GetProperty("featureCount").GetInt64());
    }
}
