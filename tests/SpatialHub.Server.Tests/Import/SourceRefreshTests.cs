using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using SpatialHub.PostGis.Sources;
using SpatialHub.Server.Sources;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Import;

/// <summary><c>serve</c> keeps a configured source current: imported at start, skipped while unchanged (304, or the
/// same content hash), re-imported when it changes, stale with its error (and the previous version serving) when a
/// refresh fails, and left to the replica that holds the source's lock.</summary>
[Trait("Category", "Integration")]
public sealed class SourceRefreshTests : IAsyncLifetime
{
    private FeatureServiceStandIns _servers = null!;
    private RefreshFactory _factory = null!;
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"refresh-{Guid.NewGuid():N}.csv");

    public async Task InitializeAsync()
    {
        _servers = await FeatureServiceStandIns.StartAsync(100);
        await File.WriteAllTextAsync(_file, "name,Easting,Northing\nScience Park,839884.226,831804.513\n");
        _factory = new RefreshFactory(new Uri(_servers.BaseAddress, "/files/points.geojson?token=secret"), _file);
        await _factory.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _servers.DisposeAsync();
        File.Delete(_file);
    }

    [Fact]
    public async Task A_url_source_is_imported_at_start_skipped_while_unchanged_reimported_on_change_and_stale_on_failure()
    {
        var client = _factory.CreateClient();
        var first = await WaitForSourceAsync(client, "refreshed-points");
        first.GetProperty("stale").GetBoolean().ShouldBeFalse();
        first.GetProperty("source").GetString()!.ShouldEndWith("/files/points.geojson"); // the query may hold a token
        var version = first.GetProperty("version").GetInt64();
        (await FeatureCountAsync(client, "refreshed-points")).ShouldBe(10);
        var refresher = _factory.Services.GetRequiredService<SourceRefresher>();
        var source = _factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SourcesOptions>>().Value.Refresh[0];

        (await refresher.RefreshAsync(source, CancellationToken.None)).ShouldBe(RefreshOutcome.Unchanged);
        _servers.FileNotModified.ShouldBe(1);

        _servers.FilePoints = 12;
        (await refresher.RefreshAsync(source, CancellationToken.None)).ShouldBe(RefreshOutcome.Imported);
        (await FeatureCountAsync(client, "refreshed-points")).ShouldBe(12);
        var audit = await _factory.CreateWriter().GetFromJsonAsync<JsonElement>("/api/audit?dataset=refreshed-points&actor=refresh");
        audit.EnumerateArray().ShouldContain(e => e.GetProperty("rows").GetInt64() == 12 && e.GetProperty("fileSha256").GetString()!.Length == 64);

        _servers.FileFails = true;
        (await refresher.RefreshAsync(source, CancellationToken.None)).ShouldBe(RefreshOutcome.Failed);
        var stale = (await SourcesAsync(client, "/catalog")).Single(s => s.GetProperty("dataset").GetString() == "refreshed-points");
        stale.GetProperty("stale").GetBoolean().ShouldBeTrue();
        stale.GetProperty("error").GetString()!.ShouldContain("answered 500");
        stale.GetProperty("version").GetInt64().ShouldBeGreaterThan(version);
        (await FeatureCountAsync(client, "refreshed-points")).ShouldBe(12); // the previous version keeps serving
        var health = (await SourcesAsync(client, "/health")).Single(s => s.GetProperty("dataset").GetString() == "refreshed-points");
        health.GetProperty("stale").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_file_source_with_the_same_content_is_not_imported_again()
    {
        var client = _factory.CreateClient();
        var first = await WaitForSourceAsync(client, "refreshed-file");
        var refresher = _factory.Services.GetRequiredService<SourceRefresher>();
        var source = _factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SourcesOptions>>().Value.Refresh[1];

        (await refresher.RefreshAsync(source, CancellationToken.None)).ShouldBe(RefreshOutcome.Unchanged);

        await File.AppendAllTextAsync(_file, "Cyberport,831446.903,813699.658\n");
        (await refresher.RefreshAsync(source, CancellationToken.None)).ShouldBe(RefreshOutcome.Imported);
        (await FeatureCountAsync(client, "refreshed-file")).ShouldBe(2);
        first.GetProperty("source").GetString().ShouldBe(Path.GetFileName(_file));
    }

    [Fact]
    public async Task A_source_whose_lock_another_replica_holds_is_left_to_it()
    {
        await WaitForSourceAsync(_factory.CreateClient(), "refreshed-points");
        var refresher = _factory.Services.GetRequiredService<SourceRefresher>();
        var source = _factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SourcesOptions>>().Value.Refresh[0];
        await using var otherReplica = Npgsql.NpgsqlDataSource.Create(_factory.ConnectionString);

        await using (var held = await new SourceStateStore(otherReplica).TryLockAsync("refreshed-points", CancellationToken.None))
        {
            held.ShouldNotBeNull();
            (await refresher.RefreshAsync(source, CancellationToken.None)).ShouldBe(RefreshOutcome.Elsewhere);
        }

        (await refresher.RefreshAsync(source, CancellationToken.None)).ShouldBe(RefreshOutcome.Unchanged);
    }

    private static async Task<JsonElement> WaitForSourceAsync(HttpClient client, string dataset)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var entry = (await SourcesAsync(client, "/catalog")).FirstOrDefault(s => s.GetProperty("dataset").GetString() == dataset);
            if (entry.ValueKind == JsonValueKind.Object && entry.GetProperty("succeededAt").ValueKind == JsonValueKind.String)
            {
                return entry;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{dataset} was not refreshed at start");
    }

    private static async Task<List<JsonElement>> SourcesAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("sources").EnumerateArray().ToList();

    private static async Task<long> FeatureCountAsync(HttpClient client, string dataset) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/datasets/{dataset}")).GetProperty("featureCount").GetInt64();

    private sealed class RefreshFactory(Uri url, string file) : SpatialHubFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SpatialHub:Sources:AllowedHosts:0"] = "127.0.0.1",
                ["SpatialHub:Sources:Attempts"] = "1",
                ["SpatialHub:Sources:Refresh:0:Dataset"] = "refreshed-points",
                ["SpatialHub:Sources:Refresh:0:Source"] = url.ToString(),
                ["SpatialHub:Sources:Refresh:0:Every"] = "01:00:00",
                ["SpatialHub:Sources:Refresh:1:Dataset"] = "refreshed-file",
                ["SpatialHub:Sources:Refresh:1:Source"] = file,
                ["SpatialHub:Sources:Refresh:1:Every"] = "01:00:00",
            }));
        }
    }
}
