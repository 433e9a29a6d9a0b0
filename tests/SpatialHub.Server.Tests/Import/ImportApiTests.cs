using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Import;

/// <summary>A service whose upload limit is small enough to test.</summary>
public sealed class SmallUploadFactory : SpatialHubFactory
{
    public const int MaxUploadBytes = 64 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

[Trait("Category", "Integration")]
public sealed class ImportApiTests(SmallUploadFactory factory) : IClassFixture<SmallUploadFactory>
{
    private const string Csv = "name,Latitude,Longitude\nCentral,22.2819,114.1582\nTsim Sha Tsui,22.2988,114.1722\n";

    [Fact]
    public async Task A_csv_upload_with_the_api_key_becomes_a_dataset()
    {
        var response = await factory.CreateWriter().PutAsync("/api/datasets/uploaded?title=Uploaded%20places", CsvContent(Csv));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("imported").GetInt64().ShouldBe(2);
        var dataset = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/uploaded");
        dataset.GetProperty("title").GetString().ShouldBe("Uploaded places");
        dataset.GetProperty("featureCount").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task A_refused_upload_is_a_422_problem_listing_file_line_field_and_reason_and_the_old_version_stays()
    {
        var writer = factory.CreateWriter();
        (await writer.PutAsync("/api/datasets/refused", CsvContent(Csv))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/refused");

        var response = await writer.PutAsync("/api/datasets/refused?fileName=places.csv", CsvContent(Csv + "Nowhere,abc,114.1\n"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("totalIssues").GetInt64().ShouldBe(1);
        var issue = problem.GetProperty("issues")[0];
        issue.GetProperty("file").GetString().ShouldBe("places.csv");
        issue.GetProperty("line").GetInt64().ShouldBe(4);
        issue.GetProperty("field").GetString().ShouldBe("Latitude");
        issue.GetProperty("reason").GetString().ShouldBe("the coordinate is not a number");
        var after = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/refused");
        after.GetProperty("version").GetString().ShouldBe(before.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Writes_without_the_right_key_are_401_and_change_nothing()
    {
        var anonymous = await factory.CreateClient().PutAsync("/api/datasets/unauthorised", CsvContent(Csv));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().ShouldContain("X-Api-Key");

        var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", SpatialHubFactory.ApiKey + "x");
        (await wrong.PutAsync("/api/datasets/unauthorised", CsvContent(Csv))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await factory.CreateClient().GetAsync("/api/datasets/unauthorised")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_413_whether_or_not_it_declares_its_length()
    {
        var big = Csv + string.Concat(Enumerable.Repeat("Somewhere,22.3,114.1\n", SmallUploadFactory.MaxUploadBytes / 10));
        var declared = await factory.CreateWriter().PutAsync("/api/datasets/too-big", CsvContent(big));
        declared.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        chunked.Headers.ContentLength = null;
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/datasets/too-big") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        (await factory.CreateWriter().SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await factory.CreateClient().GetAsync("/api/datasets/too-big")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_options_are_400_and_an_unknown_format_is_415()
    {
        var writer = factory.CreateWriter();
        (await writer.PutAsync("/api/datasets/options?onError=ignore", CsvContent(Csv))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await writer.PutAsync("/api/datasets/options?format=xlsx", CsvContent(Csv))).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await writer.PutAsync("/api/datasets/Not%20An%20Id", CsvContent(Csv))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_geojson_upload_with_a_declared_hk1980_crs_is_reprojected()
    {
        const string geoJson = """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2326"}},
             "features":[{"type":"Feature","properties":{"name":"HKSP"},"geometry":{"type":"Point","coordinates":[839884.226,831804.513]}}]}
            """;
        var content = new StringContent(geoJson, Encoding.UTF8, "application/geo+json");

        (await factory.CreateWriter().PutAsync("/api/datasets/geojson-upload", content)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var bbox = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets/geojson-upload")).GetProperty("bbox");
        bbox[0].GetDouble().ShouldBe(114.212000, 1e-6);
        bbox[1].GetDouble().ShouldBe(22.425600, 1e-6);
    }

    [Fact]
    public async Task Deleting_with_the_key_removes_the_dataset()
    {
        var writer = factory.CreateWriter();
        (await writer.PutAsync("/api/datasets/to-delete", CsvContent(Csv))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await writer.DeleteAsync("/api/datasets/to-delete")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await factory.CreateClient().GetAsync("/api/datasets/to-delete")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await writer.DeleteAsync("/api/datasets/to-delete")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static StringContent CsvContent(string csv) => new(csv, Encoding.UTF8, "text/csv");
}
