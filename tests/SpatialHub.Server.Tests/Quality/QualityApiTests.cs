using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Quality;

/// <summary>The quality report over HTTP (the samples are imported, districts first, when the service starts).</summary>
[Trait("Category", "Integration")]
public sealed class QualityApiTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task The_report_is_json_with_the_zone_layer_named()
    {
        var report = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/it-sites/quality");

        report.GetProperty("datasetId").GetString().ShouldBe("it-sites");
        report.GetProperty("zones").GetProperty("zoneLayer").GetProperty("title").GetString().ShouldBe("District Council districts (2001 census boundaries)");
        report.GetProperty("zones").GetProperty("mismatched").GetInt64().ShouldBe(7);
        report.GetProperty("positionBuiltFrom").GetString().ShouldBe("easting/northing (Hong Kong 1980 Grid System, EPSG:2326)");
    }

    [Fact]
    public async Task The_report_is_csv_with_f_csv_or_accept_text_csv()
    {
        var client = factory.CreateClient();
        var byParameter = await client.GetStringAsync("/api/datasets/it-sites/quality?f=csv");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/datasets/it-sites/quality");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await client.SendAsync(request);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await response.Content.ReadAsStringAsync()).ShouldBe(byParameter);
        var lines = byParameter.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("dataset,version,check,feature_id,line,longitude,latitude,reason");
        lines.Length.ShouldBe(1 + 7);
        lines.ShouldContain(l => l.Contains(",zone,1,2,") && l.Contains("district says Tai Po but the feature is in Sha Tin"));
    }

    [Fact]
    public async Task The_catalog_carries_each_datasets_quality_line()
    {
        var catalog = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/catalog");

        var sites = catalog.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "it-sites");
        sites.GetProperty("quality").GetString().ShouldBe("7 of 27 features: district names another zone than the one they fall in (District Council districts (2001 census boundaries))");
        sites.GetProperty("links").EnumerateArray().ShouldContain(l => l.GetProperty("rel").GetString() == "quality");
    }

    [Theory]
    [InlineData("/api/datasets/it-sites/quality?f=xml", HttpStatusCode.BadRequest)]
    [InlineData("/api/datasets/no-such-dataset/quality", HttpStatusCode.NotFound)]
    [InlineData("/api/datasets/Bad%20Id/quality", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_are_problem_details(string url, HttpStatusCode status)
    {
        var response = await factory.CreateClient().GetAsync(url);

        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_upload_can_build_the_position_from_latitude_and_longitude()
    {
        const string csv = "name,Easting,Northing,Latitude,Longitude\nA,835012.345,818034.567,22.301253249,114.164688581\n";
        var writer = factory.CreateWriter();

        var response = await writer.PutAsync("/api/datasets/latlon-upload?positionFrom=latlon", new StringContent(csv, Encoding.UTF8, "text/csv"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/latlon-upload/quality");
        report.GetProperty("positionBuiltFrom").GetString().ShouldBe("Longitude/Latitude (WGS 84, EPSG:4326)");
        var refused = await writer.PutAsync("/api/datasets/latlon-upload?positionFrom=utm", new StringContent(csv, Encoding.UTF8, "text/csv"));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("positionFrom must be en (Easting/Northing) or latlon");
    }
}
