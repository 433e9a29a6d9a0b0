using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Shouldly;
using SpatialHub.PostGis.Catalog;
using SpatialHub.Core.Projection;
using SpatialHub.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SpatialHub.Server.Tests.Features;

/// <summary>OGC API – Features Part 2 (CRS by reference): crs, bbox-crs, Content-Crs, storageCrs.</summary>
[Trait("Category", "Integration")]
public sealed class FeaturesCrsTests(SpatialHubFactory factory, ITestOutputHelper output) : IClassFixture<SpatialHubFactory>
{
    private const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private const string Epsg4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
    private const string Epsg3857 = "http://www.opengis.net/def/crs/EPSG/0/3857";
    private const string Epsg2326 = "http://www.opengis.net/def/crs/EPSG/0/2326";

    [Fact]
    public async Task Conformance_declares_part_2_crs()
    {
        var conformance = await factory.CreateClient().GetJsonAsync("/conformance");
        conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString())
            .ShouldContain("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
    }

    [Fact]
    public async Task Every_collection_lists_the_four_crs_and_its_storage_crs_from_the_source()
    {
        var collections = (await factory.CreateClient().GetJsonAsync("/collections")).GetProperty("collections").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!);
        foreach (var collection in collections.Values)
        {
            collection.GetProperty("crs").EnumerateArray().Select(c => c.GetString()).ShouldBe([Crs84, Epsg4326, Epsg3857, Epsg2326]);
            collection.GetProperty("crs").EnumerateArray().Select(c => c.GetString()).ShouldContain(collection.GetProperty("storageCrs").GetString());
        }
        // it-sites' coordinates are HK1980 Grid easting/northing; the lampposts' are WGS84 latitude/longitude columns.
        collections["it-sites"].GetProperty("storageCrs").GetString().ShouldBe(Epsg2326);
        collections["lampposts"].GetProperty("storageCrs").GetString().ShouldBe(Crs84);
        (await factory.CreateClient().GetJsonAsync("/collections/it-sites")).GetProperty("storageCrs").GetString().ShouldBe(Epsg2326);
    }

    [Fact]
    public async Task Science_park_is_written_in_each_crs_with_content_crs_and_latitude_first_for_epsg_4326()
    {
        var client = factory.CreateClient();
        var id = await FeatureApi.FeatureIdAsync(client, "it-sites", "site_id", "HKSP");
        var (lon, lat) = await PointAsync(client, $"/collections/it-sites/items/{id}", Crs84);
        lon.ShouldBeInRange(114.20, 114.22);
        lat.ShouldBeInRange(22.42, 22.43);
        (await PointAsync(client, $"/collections/it-sites/items/{id}?crs={Crs84}", Crs84)).ShouldBe((lon, lat));
        (await PointAsync(client, $"/collections/it-sites/items/{id}?crs={Epsg4326}", Epsg4326)).ShouldBe((lat, lon));

        var (x, y) = await PointAsync(client, $"/collections/it-sites/items/{id}?crs={Epsg3857}", Epsg3857);
        // Spherical Mercator on the WGS84 semi-major axis (EPSG:1024), worked out here independently of PostGIS.
        const double radius = 6_378_137;
        x.ShouldBe(radius * lon * Math.PI / 180, 0.002);
        y.ShouldBe(radius * Math.Log(Math.Tan(Math.PI / 4 + lat * Math.PI / 360)), 0.002);

        var (easting, northing) = await PointAsync(client, $"/collections/it-sites/items/{id}?crs={Epsg2326}", Epsg2326);
        easting.ShouldBe(839884.226, 0.001);
        northing.ShouldBe(831804.513, 0.001);
    }

    [Fact]
    public async Task Hk1980_grid_output_matches_every_it_site_source_easting_and_northing_to_a_millimetre()
    {
        var response = await factory.CreateClient().GetAsync($"/collections/it-sites/items?limit=1000&crs={Epsg2326}");
        response.Headers.GetValues("Content-Crs").ShouldBe([$"<{Epsg2326}>"]);
        var text = await response.Content.ReadAsStringAsync();
        var features = JsonDocument.Parse(text).RootElement.GetProperty("features").EnumerateArray().ToList();
        features.Count.ShouldBe(27);
        var worst = 0.0;
        foreach (var feature in features)
        {
            var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
            var properties = feature.GetProperty("properties");
            var name = properties.GetProperty("site_id").GetString();
            var dx = coordinates[0].GetDouble() - Number(properties.GetProperty("easting"));
            var dy = coordinates[1].GetDouble() - Number(properties.GetProperty("northing"));
            var error = Math.Sqrt(dx * dx + dy * dy);
            error.ShouldBeLessThanOrEqualTo(0.001 + 1e-9, name);
            worst = Math.Max(worst, error);
        }
        output.WriteLine($"Largest EPSG:2326 deviation (output rounded to mm) from the source easting/northing over {features.Count} features: {worst * 1000:0.###} mm");

        // The same before rounding, straight from PostGIS: how far the import (the project's reprojector) and
        // PostGIS's ST_Transform back to the grid disagree.
        await using var dataSource = NpgsqlDataSource.Create(factory.ConnectionString);
        var sites = await new CatalogRepository(dataSource).GetAsync("it-sites");
        await using var command = dataSource.CreateCommand($"""
            SELECT max(sqrt(power(ST_X(g) - (f.properties ->> 'easting')::float8, 2) + power(ST_Y(g) - (f.properties ->> 'northing')::float8, 2))), count(*)
            FROM {sites.FeatureTable} f CROSS JOIN LATERAL ST_Transform(f.geom, 2326) g
            """);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetInt64(1).ShouldBe(27);
        var unrounded = reader.GetDouble(0);
        output.WriteLine($"Largest deviation before rounding: {unrounded * 1000:0.######} mm");
        unrounded.ShouldBeLessThanOrEqualTo(0.001);
        await using var definition = dataSource.CreateCommand("SELECT proj4text || ' | ' || PostGIS_PROJ_Version() FROM spatial_ref_sys WHERE srid = 2326");
        output.WriteLine($"PostGIS EPSG:2326: {await definition.ExecuteScalarAsync()}");
    }

    [Fact]
    public async Task Projected_coordinates_are_rounded_to_the_millimetre()
    {
        foreach (var crs in new[] { Epsg3857, Epsg2326 })
        {
            var page = await factory.CreateClient().GetJsonAsync($"/collections/districts/items?limit=3&crs={crs}");
            var decimals = Numbers(page.GetProperty("features")).Select(n => n.Contains('.') ? n.Length - n.IndexOf('.') - 1 : 0).ToList();
            decimals.ShouldNotBeEmpty();
            decimals.Max().ShouldBeLessThanOrEqualTo(3, crs);
        }
    }

    [Theory]
    [InlineData(Epsg4326)]
    [InlineData(Epsg3857)]
    public async Task A_bbox_in_another_crs_selects_the_same_features_as_the_same_crs84_box(string bboxCrs)
    {
        var client = factory.CreateClient();
        double minLon = 114.15, minLat = 22.27, maxLon = 114.19, maxLat = 22.30;
        var expected = (await client.GetJsonAsync($"/collections/wifi-hk/items?limit=10000&bbox={Join(minLon, minLat, maxLon, maxLat)}")).Ids();
        expected.Count.ShouldBeGreaterThan(50);
        string bbox;
        if (bboxCrs == Epsg4326)
        {
            bbox = Join(minLat, minLon, maxLat, maxLon);
        }
        else
        {
            var mercator = Reprojector.Create(4326, 3857);
            var (minX, minY) = mercator.Transform(minLon, minLat);
            var (maxX, maxY) = mercator.Transform(maxLon, maxLat);
            bbox = Join(minX, minY, maxX, maxY);
        }
        var page = await client.GetJsonAsync($"/collections/wifi-hk/items?limit=10000&bbox={bbox}&bbox-crs={bboxCrs}");
        page.Ids().ShouldBe(expected);
        page.GetProperty("numberMatched").GetInt64().ShouldBe(expected.Count);
    }

    [Fact]
    public async Task A_hk1980_grid_bbox_selects_the_features_whose_grid_position_is_inside()
    {
        var client = factory.CreateClient();
        double minE = 833_000, minN = 815_000, maxE = 838_000, maxN = 820_000;
        var all = (await client.GetJsonAsync("/collections/wifi-hk/items?limit=10000")).GetProperty("features").EnumerateArray();
        var toGrid = Reprojector.Create(4326, 2326);
        var expected = all.Where(f =>
            {
                var c = f.GetProperty("geometry").GetProperty("coordinates");
                var (e, n) = toGrid.Transform(c[0].GetDouble(), c[1].GetDouble());
                return e >= minE && e <= maxE && n >= minN && n <= maxN;
            })
            .Select(f => f.GetProperty("id").GetInt64()).ToList();
        expected.Count.ShouldBeGreaterThan(50);
        var page = await client.GetJsonAsync($"/collections/wifi-hk/items?limit=10000&bbox={Join(minE, minN, maxE, maxN)}&bbox-crs={Epsg2326}");
        page.Ids().ShouldBe(expected);

        var sites = await client.GetJsonAsync($"/collections/it-sites/items?bbox=835000,825000,845000,835000&bbox-crs={Epsg2326}");
        sites.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("site_id").GetString())
            .ShouldContain("HKSP");
        sites.GetProperty("features").EnumerateArray().ShouldAllBe(f =>
            Number(f.GetProperty("properties").GetProperty("easting")) >= 835000 && Number(f.GetProperty("properties").GetProperty("easting")) <= 845000);
    }

    [Theory]
    [InlineData(Epsg2326)]
    [InlineData(Epsg3857)]
    public async Task A_huge_projected_bbox_is_cut_to_where_its_crs_is_defined_and_keeps_every_feature(string bboxCrs)
    {
        var page = await factory.CreateClient().GetJsonAsync($"/collections/it-sites/items?bbox=-1e300,-1e300,1e300,1e300&bbox-crs={bboxCrs}");
        page.GetProperty("numberMatched").GetInt64().ShouldBe(27);
        var empty = await factory.CreateClient().GetJsonAsync($"/collections/it-sites/items?bbox=1e300,1e300,1e301,1e301&bbox-crs={bboxCrs}");
        empty.GetProperty("numberMatched").GetInt64().ShouldBe(0);
    }

    [Theory]
    [InlineData("/collections/it-sites/items?crs=EPSG:4326", "crs")]
    [InlineData("/collections/it-sites/items?crs=http://www.opengis.net/def/crs/EPSG/0/2000", "crs")]
    [InlineData("/collections/it-sites/items/1?crs=http://www.opengis.net/def/crs/EPSG/0/27700", "crs")]
    [InlineData("/collections/it-sites/items?bbox=1,2,3,4&bbox-crs=2326", "bbox-crs")]
    [InlineData("/collections/it-sites/items?bbox-crs=", "bbox-crs")]
    [InlineData("/collections/it-sites/items?f=csv&crs=http://www.opengis.net/def/crs/EPSG/0/2326", "crs")]
    [InlineData("/collections/it-sites/items?bbox=845000,825000,835000,835000&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/2326", "bbox")]
    [InlineData("/collections/it-sites/items/1?limit=5", "limit")]
    public async Task Unknown_crs_values_are_400_problems_naming_the_parameter_and_the_supported_uris(string url, string parameter)
    {
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString()!.ShouldContain(parameter);
        if (parameter is "crs" or "bbox-crs" && !url.Contains("f=csv", StringComparison.Ordinal))
        {
            problem.GetProperty("title").GetString().ShouldBe($"Invalid {parameter}");
            foreach (var uri in new[] { Crs84, Epsg4326, Epsg3857, Epsg2326 })
            {
                problem.GetProperty("detail").GetString()!.ShouldContain(uri);
            }
        }
    }

    private async Task<(double X, double Y)> PointAsync(HttpClient client, string url, string contentCrs)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        response.Headers.GetValues("Content-Crs").ShouldBe([$"<{contentCrs}>"], url);
        var feature = await response.Content.ReadFromJsonAsync<JsonElement>();
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        output.WriteLine($"{url}: {coordinates}");
        return (coordinates[0].GetDouble(), coordinates[1].GetDouble());
    }

    /// <summary>A property read as a number whether the import typed it as a number or kept it as text.</summary>
    private static double Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    private static IEnumerable<string> Numbers(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => [element.GetRawText()],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Numbers),
        JsonValueKind.Object => element.TryGetProperty("coordinates", out var c) ? Numbers(c)
            : element.TryGetProperty("geometry", out var g) ? Numbers(g) : [],
        _ => [],
    };

    private static string Join(params double[] values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
