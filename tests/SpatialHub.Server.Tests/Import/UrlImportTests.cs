using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Import;
using SpatialHub.Server.Sources;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Import;

/// <summary>Imports straight from WFS, OGC API – Features and ArcGIS REST stand-ins on loopback: every page fetched
/// until the end, a failed page retried and carried on from, counts exact and positions as the service gave them.</summary>
[Trait("Category", "Integration")]
public sealed class UrlImportTests : IAsyncLifetime
{
    private FeatureServiceStandIns _servers = null!;

    public async Task InitializeAsync() => _servers = await FeatureServiceStandIns.StartAsync(25_000);

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task A_wfs_of_25000_features_pages_by_10000_retries_a_failed_page_and_lands_every_position()
    {
        _servers.FailOnce("/geoserver/wfs", "startIndex", "10000");
        var url = new Uri(_servers.BaseAddress, "/geoserver/wfs?service=WFS&version=2.0.0&request=GetFeature&typeNames=csdi:points");
        await using var db = await TestDatabase.CreateAsync();

        var (report, download) = await ImportUrlAsync(db, "wfs-points", url);

        download.Pages.ShouldBe(3);
        download.Features.ShouldBe(25_000);
        _servers.Requests.ShouldBe(4); // three pages, one of them twice
        report.Imported.ShouldBe(25_000);
        report.SourceSrid.ShouldBe(2326);
        var table = (await db.Catalog.GetAsync("wfs-points")).FeatureTable;
        (await db.ScalarAsync<long>($"SELECT count(DISTINCT (properties->>'point_id')::int) FROM {table}")).ShouldBe(25_000);
        (await WorstHk1980ErrorAsync(db, table)).ShouldBeLessThan(0.005);
    }

    [Fact]
    public async Task An_ogc_api_collection_is_followed_through_its_relative_next_links()
    {
        var url = new Uri(_servers.BaseAddress, "/ogc/collections/points/items");
        await using var db = await TestDatabase.CreateAsync();

        var (report, download) = await ImportUrlAsync(db, "oapif-points", url);

        download.Pages.ShouldBe(25);
        report.Imported.ShouldBe(25_000);
        report.SourceSrid.ShouldBe(4326);
        var table = (await db.Catalog.GetAsync("oapif-points")).FeatureTable;
        var worst = await db.ScalarAsync<double>($"""
            SELECT max(greatest(abs(ST_X(geom) - (114.0 + (id % 250) * 0.0004)), abs(ST_Y(geom) - (22.2 + (id / 250) * 0.0004))))
            FROM (SELECT geom, (properties->>'point_id')::int AS id FROM {table}) f
            """);
        worst.ShouldBeLessThan(1e-9);
    }

    [Fact]
    public async Task An_arcgis_layer_pages_while_it_exceeds_the_transfer_limit_in_hk1980_with_dates_as_text()
    {
        var url = new Uri(_servers.BaseAddress, "/arcgis/rest/services/Points/FeatureServer/0");
        await using var db = await TestDatabase.CreateAsync();

        var (report, download) = await ImportUrlAsync(db, "esri-points", url);

        download.Pages.ShouldBe(25);
        report.Imported.ShouldBe(25_000);
        report.SourceSrid.ShouldBe(2326);
        var table = (await db.Catalog.GetAsync("esri-points")).FeatureTable;
        (await db.ScalarAsync<string>($"SELECT properties->>'SURVEYED' FROM {table} WHERE (properties->>'point_id')::int = 1"))
            .ShouldBe("2023-11-15T22:13:20Z"); // 1,700,000,000,000 ms + one day
        (await WorstHk1980ErrorAsync(db, table)).ShouldBeLessThan(0.005);
    }

    [Fact]
    public async Task A_host_not_allowed_is_refused_before_any_request()
    {
        using var services = Services(allowedHost: "data.gov.hk");

        var refused = await Should.ThrowAsync<SourceFetchException>(() =>
            services.GetRequiredService<FeatureServiceDownloader>().DownloadAsync(new Uri(_servers.BaseAddress, "/ogc/collections/points/items"), null, null, CancellationToken.None));

        refused.Message.ShouldContain("127.0.0.1 is not an allowed host");
        _servers.Requests.ShouldBe(0);
    }

    [Fact]
    public async Task A_page_that_keeps_failing_gives_up_after_the_configured_attempts_naming_the_url()
    {
        for (var i = 0; i < 4; i++)
        {
            _servers.FailOnce("/ogc/collections/points/items", "limit", "1000");
        }
        using var services = Services();

        var refused = await Should.ThrowAsync<SourceFetchException>(() =>
            services.GetRequiredService<FeatureServiceDownloader>().DownloadAsync(new Uri(_servers.BaseAddress, "/ogc/collections/points/items"), null, null, CancellationToken.None));

        refused.Message.ShouldContain("/ogc/collections/points/items failed 4 times");
        _servers.Requests.ShouldBe(4);
    }

    [Fact]
    public async Task The_cli_imports_a_url_showing_pages_and_features()
    {
        var connection = await TestCluster.CreateDatabaseAsync();
        var url = new Uri(_servers.BaseAddress, "/arcgis/rest/services/Points/FeatureServer/0/query?where=1%3D1");

        var result = await SpatialHubCliProcess.RunAsync(["import", url.ToString(), "--dataset", "esri-cli", "--connection", connection],
            environment: new Dictionary<string, string> { ["SpatialHub__Sources__AllowedHosts__0"] = "127.0.0.1" }, timeout: TimeSpan.FromMinutes(3));

        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldContain("page 25: 25,000 features");
        result.Output.ShouldContain("25,000 imported");
    }

    /// <summary>The largest distance, in metres, between a landed feature and the HK1980 position the stand-in gave it.</summary>
    private static Task<double> WorstHk1980ErrorAsync(TestDatabase db, string table) => db.ScalarAsync<double>($"""
        SELECT max(ST_Distance(ST_Transform(geom, 2326),
            ST_SetSRID(ST_MakePoint(810000 + (id % 250) * 40.125, 808000 + (id / 250) * 40.5), 2326)))
        FROM (SELECT geom, (properties->>'point_id')::int AS id FROM {table}) f
        """);

    private async Task<(ImportReport Report, DownloadedSource Download)> ImportUrlAsync(TestDatabase db, string datasetId, Uri url)
    {
        using var services = Services();
        var download = (await services.GetRequiredService<FeatureServiceDownloader>().DownloadAsync(url, null, null, CancellationToken.None))!;
        using (download)
        {
            return (await ImportFiles.ImportAsync(db, datasetId, download.Path, fileName: download.FileName), download);
        }
    }

    private static ServiceProvider Services(string allowedHost = "127.0.0.1")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SpatialHub:Sources:AllowedHosts:0"] = allowedHost,
            ["SpatialHub:Sources:RetryDelayMilliseconds"] = "10",
        }).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddFeatureSources().BuildServiceProvider();
    }
}
