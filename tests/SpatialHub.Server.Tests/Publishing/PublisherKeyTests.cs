using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;
using Xunit;

namespace SpatialHub.Server.Tests.Publishing;

/// <summary>Issue 22 items 1, 2 and 5: publisher keys scoped to dataset patterns, the audit trail, and keys kept out
/// of logs.</summary>
[Trait("Category", "Integration")]
public sealed class PublisherKeyTests(PublishingFactory factory) : IClassFixture<PublishingFactory>
{
    private const string Csv = "Name,Latitude,Longitude\nVictoria Park,22.2819,114.1887\nKowloon Park,22.3008,114.1717\n";

    private static StringContent CsvBody(string text = Csv) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_scoped_key_writes_its_own_datasets_and_gets_403_with_a_message_on_others()
    {
        var key = await factory.AddPublisherAsync("lcsd", "lcsd-*");
        key.ShouldStartWith("shp_");
        var publisher = factory.CreateClient(key);

        var own = await publisher.PutAsync("/api/datasets/lcsd-parks?fileName=parks.csv", CsvBody());
        own.StatusCode.ShouldBe(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());

        var other = await publisher.PutAsync("/api/datasets/hyd-roads", CsvBody());
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().ShouldBe("Publisher 'lcsd' may write only datasets matching lcsd-*; 'hyd-roads' is not one of them.");
        (await publisher.DeleteAsync("/api/datasets/wifi-hk")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await factory.CreateClient().GetAsync("/api/datasets/wifi-hk")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await factory.CreateClient().GetAsync("/api/datasets/hyd-roads")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The audit trail is the administrator's: a publisher key is refused, the administrator key reads it.
        (await publisher.GetAsync("/api/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var audit = await factory.CreateWriter().GetFromJsonAsync<JsonElement>("/api/audit?actor=lcsd");
        var records = audit.EnumerateArray().ToList();
        var import = records.Single(r => r.GetProperty("action").GetString() == "import" && r.GetProperty("outcome").GetString() == "ok");
        import.GetProperty("datasetId").GetString().ShouldBe("lcsd-parks");
        import.GetProperty("rows").GetInt64().ShouldBe(2);
        import.GetProperty("fileName").GetString().ShouldBe("parks.csv");
        import.GetProperty("fileSha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Csv))));
        import.GetProperty("version").GetInt64().ShouldBeGreaterThan(0);
        records.Count(r => r.GetProperty("outcome").GetString() == "403").ShouldBe(3); // the import, the delete, and the audit read
        records.ShouldContain(r => r.GetProperty("datasetId").GetString() == "hyd-roads" && r.GetProperty("action").GetString() == "import");

        var whoami = await publisher.GetFromJsonAsync<JsonElement>("/api/publish/me");
        whoami.GetProperty("name").GetString().ShouldBe("lcsd");
        var mine = await publisher.GetFromJsonAsync<JsonElement>("/api/publish/datasets");
        mine.EnumerateArray().Select(d => d.GetProperty("id").GetString()).ShouldBe(["lcsd-parks"]);
    }

    [Fact]
    public async Task Rotation_keeps_the_old_key_for_the_overlap_and_revocation_stops_every_key()
    {
        var first = await factory.AddPublisherAsync("hyd", "hyd-roads,hyd-bridges");
        var second = await factory.WithStoreAsync(store => store.RotateAsync("hyd", TimeSpan.FromHours(1)));
        second.ShouldNotBe(first);
        (await factory.CreateClient(first).GetAsync("/api/publish/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await factory.CreateClient(second).GetAsync("/api/publish/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var third = await factory.WithStoreAsync(store => store.RotateAsync("hyd", TimeSpan.Zero));
        (await factory.CreateClient(first).GetAsync("/api/publish/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await factory.CreateClient(second).GetAsync("/api/publish/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await factory.CreateClient(third).GetAsync("/api/publish/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var listed = (await factory.WithStoreAsync(store => store.ListAsync())).Single(p => p.Name == "hyd");
        listed.LiveKeys.ShouldBe(1);
        listed.Patterns.ShouldBe(["hyd-roads", "hyd-bridges"]);

        await factory.WithStoreAsync(async store => { await store.RevokeAsync("hyd"); return 0; });
        (await factory.CreateClient(third).GetAsync("/api/publish/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        factory.Logs.AllText.ShouldNotContain(first);
        factory.Logs.AllText.ShouldNotContain(third);
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var key = await factory.AddPublisherAsync("dpo", "wifi-*");
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(factory.ConnectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM spatialhub.publisher_keys WHERE key_sha256 = $1 AND position(convert_to($2, 'UTF8') in key_sha256) = 0");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = SHA256.HashData(Encoding.UTF8.GetBytes(key)) });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = key });
        (await command.ExecuteScalarAsync()).ShouldBe(1L);
    }
}

/// <summary>Refused keys are throttled per client on their own budget, and never logged.</summary>
[Trait("Category", "Integration")]
public sealed class RefusedKeyTests(PublishingFactory factory) : IClassFixture<PublishingFactory>
{
    [Fact]
    public async Task After_ten_refused_keys_a_client_gets_429_even_with_a_good_key_and_no_key_is_logged()
    {
        const string guess = "shp_not-a-real-key-0123456789";
        var guesser = factory.CreateClient(guess);
        for (var i = 0; i < 10; i++)
        {
            (await guesser.DeleteAsync("/api/datasets/it-sites")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
        var throttled = await guesser.DeleteAsync("/api/datasets/it-sites");
        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter.ShouldNotBeNull();
        // The same client (address) with the administrator key is throttled too: guessing costs the client, not the key.
        (await factory.CreateWriter().DeleteAsync("/api/datasets/it-sites")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await factory.CreateClient().GetAsync("/api/datasets/it-sites")).StatusCode.ShouldBe(HttpStatusCode.OK);

        factory.Logs.AllText.ShouldContain("unknown, expired or revoked key");
        factory.Logs.AllText.ShouldNotContain(guess);
        factory.Logs.AllText.ShouldNotContain(SpatialHubFactory.ApiKey);
    }
}
