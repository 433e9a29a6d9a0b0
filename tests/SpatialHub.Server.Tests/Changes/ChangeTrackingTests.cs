using System.Net;
using System.Text.Json;

namespace SpatialHub.Server.Tests.Changes;

/// <summary><c>GET /api/datasets/{id}/changes</c> on crafted versions whose changes are known by construction, each
/// answer also checked against an independent query on the two feature tables.</summary>
[Trait("Category", "Integration")]
[Collection(ChangesCollection.Name)]
public sealed class ChangeTrackingTests(ChangesFixture factory)
{
    private static List<string> Keys(JsonElement answer, Func<JsonElement, bool> which) =>
        answer.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .Where(which).Select(p => p.GetProperty("key").GetString()!).Order().ToList();

    [Fact]
    public async Task Added_removed_moved_and_changed_sites_by_the_import_key_match_independent_sql()
    {
        var (v1, v2) = (factory.SitesVersions[0], factory.SitesVersions[1]);
        var answer = await factory.GetJsonAsync("/api/datasets/sites/changes");
        answer.GetProperty("from").GetProperty("version").GetInt64().ShouldBe(v1);
        answer.GetProperty("to").GetProperty("version").GetInt64().ShouldBe(v2);
        answer.GetProperty("key").GetProperty("field").GetString().ShouldBe("code");
        answer.GetProperty("key").GetProperty("source").GetString().ShouldBe("import");

        var added = Keys(answer, p => p.GetProperty("change").GetString() == "added");
        var removed = Keys(answer, p => p.GetProperty("change").GetString() == "removed");
        var moved = Keys(answer, p => p.GetProperty("moved").GetBoolean());
        var changed = Keys(answer, p => p.GetProperty("changed_fields").GetArrayLength() > 0);
        added.ShouldBe(["F"]);
        removed.ShouldBe(["E"]);
        moved.ShouldBe(["C", "G"], "B moved 0.5 m, under the 1 m default tolerance");
        changed.ShouldBe(["D", "G"]);

        var (a, b) = ($"spatialhub.features_v{v1}", $"spatialhub.features_v{v2}");
        added.ShouldBe(await factory.ColumnAsync($"SELECT properties->>'code' FROM {b} EXCEPT SELECT properties->>'code' FROM {a} ORDER BY 1"));
        removed.ShouldBe(await factory.ColumnAsync($"SELECT properties->>'code' FROM {a} EXCEPT SELECT properties->>'code' FROM {b} ORDER BY 1"));
        moved.ShouldBe(await factory.ColumnAsync($"""
            SELECT a.properties->>'code' FROM {a} a JOIN {b} b ON a.properties->>'code' = b.properties->>'code'
            WHERE ST_Distance(a.geom::geography, b.geom::geography) > 1 ORDER BY 1
            """));
        changed.ShouldBe(await factory.ColumnAsync($"""
            SELECT a.properties->>'code' FROM {a} a JOIN {b} b ON a.properties->>'code' = b.properties->>'code'
            WHERE a.properties->>'name' <> b.properties->>'name' OR a.properties->>'kind' <> b.properties->>'kind' ORDER BY 1
            """));

        var counts = answer.GetProperty("counts");
        (counts.GetProperty("added").GetInt64(), counts.GetProperty("removed").GetInt64(), counts.GetProperty("moved").GetInt64(),
            counts.GetProperty("attributes_changed").GetInt64(), counts.GetProperty("unchanged").GetInt64()).ShouldBe((1L, 1L, 2L, 2L, 2L));
        var g = answer.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("key").GetString() == "G");
        g.GetProperty("properties").GetProperty("changed_fields").EnumerateArray().Select(e => e.GetString()).ShouldBe(["name"], "coordinate columns are not attributes");
        var distance = (await factory.ColumnAsync($"""
            SELECT ST_Distance(a.geom::geography, b.geom::geography) FROM {a} a JOIN {b} b ON a.properties->>'code' = b.properties->>'code'
            WHERE a.properties->>'code' = 'G'
            """)).Select(double.Parse).Single();
        g.GetProperty("properties").GetProperty("moved_m").GetDouble().ShouldBe(distance, 0.001);
        distance.ShouldBe(3, 0.05);
        var e = answer.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("key").GetString() == "E");
        e.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble().ShouldBe(22.34, 1e-9, "a removed feature is where it was");
    }

    [Fact]
    public async Task A_smaller_tolerance_counts_the_half_metre_move_and_versions_can_be_named()
    {
        var (v1, v2) = (factory.SitesVersions[0], factory.SitesVersions[1]);
        var response = await factory.CreateClient().GetAsync($"/api/datasets/sites/changes?from={v1}&to={v2}&tolerance=0.4");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.ToString().ShouldContain("immutable", Case.Sensitive, "two named versions never change");
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Keys(answer, p => p.GetProperty("moved").GetBoolean()).ShouldBe(["B", "C", "G"]);
        answer.GetProperty("tolerance_m").GetDouble().ShouldBe(0.4);

        // Backwards: what was added is now removed.
        var reverse = await factory.GetJsonAsync($"/api/datasets/sites/changes?from={v2}&to={v1}");
        Keys(reverse, p => p.GetProperty("change").GetString() == "added").ShouldBe(["E"]);
        Keys(reverse, p => p.GetProperty("change").GetString() == "removed").ShouldBe(["F"]);
    }

    [Fact]
    public async Task Without_a_named_key_a_unique_id_like_field_is_guessed()
    {
        var answer = await factory.GetJsonAsync("/api/datasets/stations/changes");
        answer.GetProperty("key").GetProperty("field").GetString().ShouldBe("StationID");
        answer.GetProperty("key").GetProperty("source").GetString().ShouldBe("guessed");
        Keys(answer, p => p.GetProperty("change").GetString() == "added").ShouldBe(["S4"]);
        Keys(answer, p => p.GetProperty("change").GetString() == "removed").ShouldBe(["S2"]);
        Keys(answer, p => p.GetProperty("moved").GetBoolean()).ShouldBe(["S3"]);
    }

    [Fact]
    public async Task Without_any_key_features_are_matched_on_attributes_and_the_answer_says_so()
    {
        var answer = await factory.GetJsonAsync("/api/datasets/benches/changes?f=geojson");
        var key = answer.GetProperty("key");
        key.GetProperty("source").GetString().ShouldBe("attributes");
        key.GetProperty("field").ValueKind.ShouldBe(JsonValueKind.Null);
        key.GetProperty("note").GetString()!.ShouldContain("geometry is not part of the key");
        var features = answer.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        features.Single(p => p.GetProperty("change").GetString() == "added").GetProperty("attributes").GetProperty("material").GetString().ShouldBe("steel");
        features.Single(p => p.GetProperty("change").GetString() == "removed").GetProperty("attributes").GetProperty("material").GetString().ShouldBe("stone");
        var moved = features.Single(p => p.GetProperty("moved").GetBoolean());
        moved.GetProperty("moved_m").GetDouble().ShouldBe(4, 0.1);
        features.Count.ShouldBe(3, "the second wood bench, unmoved, is paired with itself");
        answer.GetProperty("counts").GetProperty("unchanged").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Pages_of_the_listing_cover_every_change_once_while_the_counts_stay_those_of_the_whole_listing()
    {
        var whole = await factory.GetJsonAsync("/api/datasets/sites/changes");
        var all = whole.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("key").GetString()).ToList();
        all.Count.ShouldBe(5);
        whole.GetProperty("page").GetProperty("truncated").GetBoolean().ShouldBeFalse();

        var paged = new List<string?>();
        for (var offset = 0; ; offset += 2)
        {
            var page = await factory.GetJsonAsync($"/api/datasets/sites/changes?limit=2&offset={offset}");
            page.GetProperty("counts").GetRawText().ShouldBe(whole.GetProperty("counts").GetRawText());
            var info = page.GetProperty("page");
            info.GetProperty("total").GetInt32().ShouldBe(5);
            var keys = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("key").GetString()).ToList();
            info.GetProperty("returned").GetInt32().ShouldBe(keys.Count);
            paged.AddRange(keys);
            info.GetProperty("truncated").GetBoolean().ShouldBe(offset + 2 < 5);
            if (!info.GetProperty("truncated").GetBoolean())
            {
                break;
            }
        }
        paged.ShouldBe(all);

        var past = await factory.GetJsonAsync("/api/datasets/sites/changes?offset=10");
        past.GetProperty("features").GetArrayLength().ShouldBe(0);
        past.GetProperty("counts").GetProperty("added").GetInt64().ShouldBe(1);

        var csv = await factory.CreateClient().GetAsync("/api/datasets/sites/changes?f=csv&limit=3");
        csv.Headers.GetValues("X-Total-Count").Single().ShouldBe("5");
        csv.Headers.GetValues("X-Truncated").Single().ShouldBe("true");
        (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + 3);
    }

    [Fact]
    public async Task Csv_lists_one_row_per_change()
    {
        var response = await factory.CreateClient().GetAsync("/api/datasets/sites/changes?f=csv");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("change,moved,key,from_id,to_id,moved_m,changed_fields");
        lines.Length.ShouldBe(1 + 5);
        lines.ShouldContain(l => l.StartsWith("removed,false,E,", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("modified,true,G,", StringComparison.Ordinal) && l.EndsWith(",name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/datasets/no-such/changes", 404, "id")]
    [InlineData("/api/datasets/sites/changes?from=999999", 404, "from")]
    [InlineData("/api/datasets/sites/changes?to=999999", 404, "to")]
    [InlineData("/api/datasets/sites/changes?from=abc", 400, "from")]
    [InlineData("/api/datasets/sites/changes?to=-3", 400, "to")]
    [InlineData("/api/datasets/sites/changes?tolerance=-1", 400, "tolerance")]
    [InlineData("/api/datasets/sites/changes?tolerance=NaN", 400, "tolerance")]
    [InlineData("/api/datasets/sites/changes?f=xml", 400, "f")]
    [InlineData("/api/datasets/sites/changes?since=1", 400, "since")]
    [InlineData("/api/datasets/sites/changes?limit=0", 400, "limit")]
    [InlineData("/api/datasets/sites/changes?limit=10001", 400, "limit")]
    [InlineData("/api/datasets/sites/changes?limit=2.5", 400, "limit")]
    [InlineData("/api/datasets/sites/changes?offset=-1", 400, "offset")]
    [InlineData("/api/datasets/sites/changes?offset=99999999999", 400, "offset")]
    public async Task Bad_versions_and_parameters_are_problem_details_naming_the_parameter(string path, int status, string parameter)
    {
        var response = await factory.CreateClient().GetAsync(path);
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("parameter").GetString().ShouldBe(parameter);
    }

    [Fact]
    public async Task A_dataset_with_one_version_has_nothing_to_compare_with()
    {
        var response = await factory.CreateClient().GetAsync("/api/datasets/wifi-hk/changes");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("keeps no version before");
    }
}
