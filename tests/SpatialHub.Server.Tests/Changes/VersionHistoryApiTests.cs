using System.Net;
using System.Text.Json;

namespace SpatialHub.Server.Tests.Changes;

/// <summary>Retention (SpatialHub:Versions:Keep = 3 here), the version history and disk use in the catalog, and the
/// import's key option, through the API.</summary>
[Trait("Category", "Integration")]
[Collection(ChangesCollection.Name)]
public sealed class VersionHistoryApiTests(ChangesFixture factory)
{
    [Fact]
    public async Task Only_the_newest_versions_keep_their_tables_and_the_catalog_shows_the_whole_history_with_disk_use()
    {
        var writer = factory.CreateWriter();
        var csv = ChangesFixture.Csv("ref,Latitude,Longitude", ("r1", 22.3, 114.1));
        var versions = new List<long>();
        for (var i = 0; i < ChangesFixture.Keep + 2; i++)
        {
            versions.Add(await ChangesFixture.PutAsync(writer, "rounds", csv));
        }
        var tables = await factory.ColumnAsync(
            "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'spatialhub' AND relkind = 'r' "
            + $"AND relname = ANY(ARRAY[{string.Join(",", versions.Select(v => $"'features_v{v}'"))}]) ORDER BY relname");
        tables.ShouldBe(versions.TakeLast(ChangesFixture.Keep).Select(v => $"features_v{v}").Order(StringComparer.Ordinal));

        var catalog = await factory.GetJsonAsync("/catalog");
        var rounds = catalog.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "rounds");
        var history = rounds.GetProperty("versions").EnumerateArray().ToList();
        history.Select(h => h.GetProperty("version").GetInt64()).ShouldBe(versions.AsEnumerable().Reverse());
        history.Select(h => h.GetProperty("retained").GetBoolean()).ShouldBe([true, true, true, false, false]);
        history.ShouldAllBe(h => h.GetProperty("importedBy").GetString() == "admin" && h.GetProperty("featureCount").GetInt64() == 1);
        history.ShouldAllBe(h => h.GetProperty("sourceFile").GetString() == "rounds.csv");
        var expectedBytes = (await factory.ColumnAsync(
            $"SELECT sum(pg_total_relation_size(('spatialhub.features_v' || v)::regclass)) FROM unnest(ARRAY[{string.Join(",", versions.TakeLast(ChangesFixture.Keep))}]::bigint[]) v")).Single();
        rounds.GetProperty("diskBytes").GetInt64().ShouldBe(long.Parse(expectedBytes));
        history[0].GetProperty("diskBytes").GetInt64().ShouldBeGreaterThan(8192);

        var detail = await factory.GetJsonAsync("/api/datasets/rounds");
        detail.GetProperty("versions").GetArrayLength().ShouldBe(ChangesFixture.Keep + 2);

        var dropped = await factory.CreateClient().GetAsync($"/api/datasets/rounds/changes?from={versions[0]}");
        dropped.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await dropped.Content.ReadAsStringAsync()).ShouldContain("no longer kept");

        (await writer.DeleteAsync("/api/datasets/rounds")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await factory.ColumnAsync("SELECT relname FROM pg_class WHERE relname = ANY(ARRAY["
            + string.Join(",", versions.Select(v => $"'features_v{v}'")) + "])")).ShouldBeEmpty("a deleted dataset leaves no version behind");
        (await factory.ColumnAsync("SELECT version FROM spatialhub.dataset_versions WHERE dataset_id = 'rounds'")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_import_key_is_recorded_and_a_key_that_is_not_a_field_is_refused()
    {
        var sites = await factory.GetJsonAsync("/api/datasets/sites");
        sites.GetProperty("versions")[0].GetProperty("keyField").GetString().ShouldBe("code");

        var response = await factory.CreateWriter().PutAsync("/api/datasets/sites?key=nope",
            new StringContent(ChangesFixture.SitesV1, System.Text.Encoding.UTF8, "text/csv"));
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("nope");
        (await factory.GetJsonAsync("/api/datasets/sites")).GetProperty("version").GetString()
            .ShouldBe(factory.SitesVersions[^1].ToString(System.Globalization.CultureInfo.InvariantCulture), "a refused import changes nothing");
    }
}
