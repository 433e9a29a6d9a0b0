using System.Net;

namespace SpatialHub.Server.Tests.Analytics;

[Trait("Category", "Integration")]
public sealed class ProximityTests(AnalyticsFixture factory) : IClassFixture<AnalyticsFixture>
{
    [Fact]
    public async Task Nearest_hotspot_and_count_within_500_m_of_each_site_match_a_brute_force_geodesic_query()
    {
        var answer = await factory.GetJsonAsync("/api/analytics/proximity?from=it-sites&to=wifi-hk&radius=500");
        var sites = await factory.TableAsync("it-sites");
        var wifi = await factory.TableAsync("wifi-hk");
        // No index, no KNN: every pair's geodesic distance, the smallest kept (lowest id on ties).
        var expected = await factory.RowsAsync($"""
            SELECT a.feature_id,
                   (SELECT b.feature_id FROM {wifi} b ORDER BY ST_Distance(a.geom::geography, b.geom::geography), b.feature_id LIMIT 1),
                   (SELECT min(ST_Distance(a.geom::geography, b.geom::geography)) FROM {wifi} b),
                   (SELECT count(*) FROM {wifi} b WHERE ST_Distance(a.geom::geography, b.geom::geography) <= 500)
            FROM {sites} a ORDER BY a.feature_id
            """, r => (Id: r.GetInt64(0), Nearest: r.GetInt64(1), Distance: r.GetDouble(2), Within: r.GetInt64(3)));

        var results = answer.GetProperty("results").EnumerateArray().ToList();
        results.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            results[i].GetProperty("id").GetInt64().ShouldBe(expected[i].Id);
            results[i].GetProperty("nearest_id").GetInt64().ShouldBe(expected[i].Nearest);
            results[i].GetProperty("distance_m").GetDouble().ShouldBe(expected[i].Distance, Math.Max(expected[i].Distance * 0.001, 1e-6));
            results[i].GetProperty("within_count").GetInt64().ShouldBe(expected[i].Within);
        }
        var summary = answer.GetProperty("summary");
        var median = await factory.ScalarAsync<double>($"""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FROM (
                SELECT (SELECT min(ST_Distance(a.geom::geography, b.geom::geography)) FROM {wifi} b) AS d FROM {sites} a) m
            """);
        summary.GetProperty("median_distance_m").GetDouble().ShouldBe(median, median * 0.001);
        summary.GetProperty("share_within_radius").GetDouble()
            .ShouldBe((double)expected.Count(e => e.Within > 0) / expected.Count, 1e-9);
    }

    [Fact]
    public async Task Distances_are_geodesic_metres_not_web_mercator_ones()
    {
        var answer = await factory.GetJsonAsync("/api/analytics/proximity?from=probes&to=squares");
        var rows = answer.GetProperty("results").EnumerateArray().ToList();
        // Points inside or on a square are 0 m from it; "outside" (22.2 N 114.3 E) is measured on the ellipsoid.
        rows.Take(4).Select(r => r.GetProperty("distance_m").GetDouble()).ShouldAllBe(d => d == 0);
        var probes = await factory.TableAsync("probes");
        var squares = await factory.TableAsync("squares");
        var (geodesic, mercator) = (await factory.RowsAsync($"""
            SELECT min(ST_Distance(p.geom::geography, s.geom::geography)), min(ST_Distance(p.geom_3857, s.geom_3857))
            FROM {probes} p, {squares} s WHERE p.feature_id = 5
            """, r => (r.GetDouble(0), r.GetDouble(1)))).Single();
        rows[4].GetProperty("distance_m").GetDouble().ShouldBe(geodesic, geodesic * 0.001);
        (mercator / geodesic).ShouldBeGreaterThan(1.05);
        answer.GetProperty("summary").GetProperty("share_within_radius").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task GeoJson_gives_each_feature_its_geometry_attributes_and_answer_for_the_map_and_csv_one_row_each()
    {
        var geoJson = await factory.GetJsonAsync("/api/analytics/proximity?from=probes&to=squares&radius=100&f=geojson");
        var features = geoJson.GetProperty("features").EnumerateArray().ToList();
        features.Count.ShouldBe(5);
        features[0].GetProperty("geometry").GetProperty("type").GetString().ShouldBe("Point");
        var properties = features[0].GetProperty("properties");
        properties.GetProperty("name").GetString().ShouldBe("in-a");
        properties.GetProperty("distance_m").GetDouble().ShouldBe(0);
        properties.GetProperty("within_count").GetInt64().ShouldBe(1);
        features[2].GetProperty("properties").GetProperty("within_count").GetInt64().ShouldBe(2); // on the edge: both squares

        var csv = await factory.CreateClient().GetAsync("/api/analytics/proximity?from=probes&to=squares&radius=100&f=csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("feature_id,nearest_id,distance_m,within_count");
        lines.Length.ShouldBe(6);
        lines[1].ShouldBe("1,1,0,1");
    }
}
