using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.MapClient;

/// <summary><c>/api/zones/{dataset}/labels</c>: the districts' names, one label point inside each and its extent,
/// checked against the districts' own geometry from the OGC API (NetTopologySuite does the point-in-polygon test).</summary>
[Trait("Category", "Integration")]
public sealed class ZoneLabelsTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    [Fact]
    public async Task Each_district_gets_one_label_point_inside_its_polygon_with_both_names_and_its_extent()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync("/api/zones/districts/labels");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.Length.ShouldBeLessThan(10_000, "names and points, not geometry");
        var labels = JsonDocument.Parse(body).RootElement;
        labels.GetProperty("truncated").GetBoolean().ShouldBeFalse();
        var features = labels.GetProperty("features").EnumerateArray().ToList();
        features.Count.ShouldBe(18);

        var districts = JsonSerializer.Deserialize<FeatureCollection>(
            await client.GetStringAsync("/collections/districts/items?limit=100"), GeoJson)!;
        foreach (var feature in features)
        {
            var id = feature.GetProperty("id").GetInt64();
            var properties = feature.GetProperty("properties");
            var english = properties.GetProperty("DC_ENG").GetString()!;
            properties.GetProperty("DC_CHIN").GetString().ShouldNotBeNullOrEmpty();
            properties.TryGetProperty("DC_CODE", out _).ShouldBeFalse("only name fields are sent");
            var label = feature.GetProperty("label").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var bbox = feature.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();

            id.ShouldBeGreaterThan(0);
            var polygon = districts.Single(d => (string)d.Attributes["DC_ENG"] == english).Geometry;
            polygon.Contains(new Point(label[0], label[1])).ShouldBeTrue($"{english}: label {label[0]},{label[1]} must lie inside the district");
            var envelope = polygon.EnvelopeInternal;
            bbox[0].ShouldBe(envelope.MinX, 1e-6);
            bbox[1].ShouldBe(envelope.MinY, 1e-6);
            bbox[2].ShouldBe(envelope.MaxX, 1e-6);
            bbox[3].ShouldBe(envelope.MaxY, 1e-6);
        }
    }

    [Theory]
    [InlineData("/api/zones/no-such-dataset/labels", HttpStatusCode.NotFound)]
    [InlineData("/api/zones/Bad%20Id/labels", HttpStatusCode.BadRequest)]
    public async Task Unknown_or_malformed_datasets_get_problem_details(string path, HttpStatusCode status)
    {
        var response = await factory.CreateClient().GetAsync(path);

        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
