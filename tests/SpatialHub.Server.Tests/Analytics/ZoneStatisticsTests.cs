using System.Net;
using System.Text.Json;

namespace SpatialHub.Server.Tests.Analytics;

[Trait("Category", "Integration")]
public sealed class ZoneStatisticsTests(AnalyticsFixture factory) : IClassFixture<AnalyticsFixture>
{
    [Fact]
    public async Task Wifi_counts_and_hotspot_sums_per_district_match_an_independent_point_in_polygon_query()
    {
        var answer = await factory.GetJsonAsync("/api/analytics/zones?dataset=wifi-hk&zones=districts");
        var wifi = await factory.TableAsync("wifi-hk");
        var districts = await factory.TableAsync("districts");
        // Written differently on purpose: a correlated count per district, ST_Intersects, the lower-id rule as NOT EXISTS.
        var expected = await factory.RowsAsync($"""
            SELECT d.feature_id,
                   (SELECT count(*) FROM {wifi} w WHERE ST_Intersects(d.geom, w.geom)
                      AND NOT EXISTS (SELECT 1 FROM {districts} e WHERE e.feature_id < d.feature_id AND ST_Intersects(e.geom, w.geom))),
                   (SELECT COALESCE(sum((w.properties ->> 'NumberOfHotspots')::numeric), 0)::float8 FROM {wifi} w WHERE ST_Intersects(d.geom, w.geom)
                      AND NOT EXISTS (SELECT 1 FROM {districts} e WHERE e.feature_id < d.feature_id AND ST_Intersects(e.geom, w.geom))),
                   ST_Area(d.geom::geography) / 1e6, ST_Area(d.geom_3857) / 1e6, d.properties ->> 'DC_ENG'
            FROM {districts} d ORDER BY d.feature_id
            """, r => (Id: r.GetInt64(0), Count: r.GetInt64(1), Hotspots: r.GetDouble(2), AreaKm2: r.GetDouble(3), MercatorKm2: r.GetDouble(4), Name: r.GetString(5)));

        var results = answer.GetProperty("results").EnumerateArray().ToList();
        results.Count.ShouldBe(18);
        answer.GetProperty("name_field").GetString().ShouldBe("DC_ENG");
        for (var i = 0; i < expected.Count; i++)
        {
            var zone = results[i];
            var want = expected[i];
            zone.GetProperty("id").GetInt64().ShouldBe(want.Id);
            zone.GetProperty("name").GetString().ShouldBe(want.Name);
            zone.GetProperty("count").GetInt64().ShouldBe(want.Count, want.Name);
            zone.GetProperty("sums").GetProperty("NumberOfHotspots").GetDouble().ShouldBe(want.Hotspots, 1e-6, want.Name);
            var density = zone.GetProperty("density_km2").GetDouble();
            density.ShouldBe(want.Count / want.AreaKm2, want.Count / want.AreaKm2 * 0.001, want.Name);
            // The area is geodesic: Web Mercator's would be about 16 % larger at this latitude.
            (want.MercatorKm2 / zone.GetProperty("area_km2").GetDouble()).ShouldBeGreaterThan(1.1);
        }
        var counted = results.Sum(z => z.GetProperty("count").GetInt64());
        (counted + answer.GetProperty("outside").GetInt64()).ShouldBe(await factory.ScalarAsync<long>($"SELECT count(*) FROM {wifi}"));
        counted.ShouldBeGreaterThan(5000);
    }

    [Fact]
    public async Task A_point_on_a_shared_border_counts_once_in_the_lower_id_zone_and_an_empty_zone_is_listed_with_zero()
    {
        var answer = await factory.GetJsonAsync("/api/analytics/zones?dataset=probes&zones=squares&name=name");
        var results = answer.GetProperty("results").EnumerateArray().ToList();
        results.Select(z => z.GetProperty("name").GetString()).ShouldBe(["=A1+1", "Square B", "Empty C"]);
        // A: inside (10), on the edge (40), on the corner (80); B: inside (20); C: nothing; one point outside.
        results.Select(z => z.GetProperty("count").GetInt64()).ShouldBe([3L, 1L, 0L]);
        results.Select(z => z.GetProperty("sums").GetProperty("weight").GetDouble()).ShouldBe([130.0, 20.0, 0.0]);
        results[2].GetProperty("averages").GetProperty("weight").ValueKind.ShouldBe(JsonValueKind.Null);
        results[2].GetProperty("density_km2").GetDouble().ShouldBe(0);
        answer.GetProperty("outside").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task A_line_counts_in_one_zone_while_its_length_is_split_between_the_zones_it_crosses()
    {
        var answer = await factory.GetJsonAsync("/api/analytics/zones?dataset=crossing&zones=squares");
        answer.GetProperty("measure").GetString().ShouldBe("length_m");
        var results = answer.GetProperty("results").EnumerateArray().ToList();
        results.Sum(z => z.GetProperty("count").GetInt64()).ShouldBe(1);
        var line = await factory.TableAsync("crossing");
        var length = await factory.ScalarAsync<double>($"SELECT ST_Length(geom::geography) FROM {line}");
        var inA = results[0].GetProperty("length_m").GetDouble();
        var inB = results[1].GetProperty("length_m").GetDouble();
        (inA + inB).ShouldBe(length, length * 0.001);
        inA.ShouldBe(length / 2, length * 0.001);
        results[2].GetProperty("length_m").GetDouble().ShouldBe(0);
    }

    [Fact]
    public async Task Csv_has_a_row_per_zone_and_neutralises_text_that_a_spreadsheet_would_run_as_a_formula()
    {
        var response = await factory.CreateClient().GetAsync("/api/analytics/zones?dataset=probes&zones=squares&name=name&f=csv");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("zone_id,name,count,area_km2,density_km2,sum_weight,avg_weight");
        lines.Length.ShouldBe(4);
        lines[1].ShouldStartWith("1,\"'=A1+1\",3,");
        lines[3].ShouldStartWith("3,Empty C,0,");
    }

    [Fact]
    public async Task GeoJson_carries_each_zone_polygon_with_its_statistics()
    {
        var answer = await factory.GetJsonAsync("/api/analytics/zones?dataset=probes&zones=squares&f=geojson");
        var features = answer.GetProperty("features").EnumerateArray().ToList();
        features.Count.ShouldBe(3);
        features[1].GetProperty("geometry").GetProperty("type").GetString().ShouldBe("Polygon");
        features[1].GetProperty("properties").GetProperty("count").GetInt64().ShouldBe(1);
        features[1].GetProperty("properties").GetProperty("sum_weight").GetDouble().ShouldBe(20);
    }

    [Fact]
    public async Task A_reimport_changes_the_answer_at_once_because_answers_are_cached_per_version()
    {
        await AnalyticsFixture.PutAsync(factory.CreateWriter(), "moving", AnalyticsFixture.PointsCsv, "text/csv");
        var before = await factory.GetJsonAsync("/api/analytics/zones?dataset=moving&zones=squares");
        before.GetProperty("results")[1].GetProperty("count").GetInt64().ShouldBe(1);
        await AnalyticsFixture.PutAsync(factory.CreateWriter(), "moving", AnalyticsFixture.PointsCsv + "another-b,1,22.306,114.116\r\n", "text/csv");
        var after = await factory.GetJsonAsync("/api/analytics/zones?dataset=moving&zones=squares");
        after.GetProperty("results")[1].GetProperty("count").GetInt64().ShouldBe(2);
        after.GetProperty("dataset").GetProperty("version").GetInt64().ShouldBeGreaterThan(before.GetProperty("dataset").GetProperty("version").GetInt64());
    }
}
