using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Shouldly;
using SpatialHub.PostGis;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Embedded;

/// <summary>Running out of disk for real, on a small tmpfs: the database's (a tablespace there holds the test
/// database's new tables) and the upload folder's. The import fails with a clear message, 507 over HTTP, nothing is
/// left behind and the previous version is still served.</summary>
[Trait("Category", "Integration")]
public sealed class DiskFullTests
{
    private const string Dataset = "full";

    [Fact]
    public async Task An_import_that_fills_the_database_disk_fails_clearly_everywhere_and_the_previous_version_stays()
    {
        using var disk = SmallFilesystem.Mount(megabytes: 12);
        var tablespace = $"small_{Guid.NewGuid():N}";
        var database = await TestCluster.CreateDatabaseAsync();
        await ExecuteAsync(database, $"CREATE TABLESPACE {tablespace} LOCATION '{disk.PostgresFolder("tablespace")}'");
        var onSmallDisk = new NpgsqlConnectionStringBuilder(database) { Options = $"-c default_tablespace={tablespace}" }.ConnectionString;
        var big = FaultTestKit.Points(250_000);
        try
        {
            await using (var direct = TestDatabase.Open(onSmallDisk))
            {
                (await direct.ImportTextAsync(Dataset, "small.csv", FaultTestKit.Points(10))).Imported.ShouldBe(10);
                var usedByPrevious = disk.UsedBytes;

                var error = await Should.ThrowAsync<DatabaseStorageFullException>(() => direct.ImportTextAsync(Dataset, "big.csv", big));
                error.Message.ShouldContain("ran out of disk space");
                await AssertPreviousVersionOnlyAsync(direct);
                disk.UsedBytes.ShouldBeLessThanOrEqualTo(usedByPrevious + 64 * 1024, "the aborted version's files are removed");
            }

            var file = Path.Combine(disk.Path, "..", $"spatialhub-tests-big-{Guid.NewGuid():N}.csv");
            await File.WriteAllTextAsync(file, big);
            try
            {
                var cli = await SpatialHubCliProcess.RunAsync(["import", file, "--dataset", Dataset, "--connection", onSmallDisk], timeout: TimeSpan.FromMinutes(2));
                cli.ExitCode.ShouldNotBe(0);
                cli.Error.ShouldContain("ran out of disk space");
                cli.Error.ShouldNotContain("   at ", Case.Sensitive, "a clear message, not a stack trace");
            }
            finally
            {
                File.Delete(file);
            }

            await using var service = Service(onSmallDisk);
            var writer = service.CreateClient();
            writer.DefaultRequestHeaders.Add("X-Api-Key", SpatialHubFactory.ApiKey);
            var response = await writer.PutAsync($"/api/datasets/{Dataset}?format=csv", new StringContent(big));
            response.StatusCode.ShouldBe(HttpStatusCode.InsufficientStorage);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadAsStringAsync()).ShouldContain("previous version is still served");
            (await writer.GetStringAsync($"/collections/{Dataset}/items?limit=100")).ShouldContain("\"numberReturned\":10");
            await using var inspect = TestDatabase.Open(database);
            await AssertPreviousVersionOnlyAsync(inspect);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(database, null, $"DROP DATABASE {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)", $"DROP TABLESPACE {tablespace}");
        }
    }

    [Fact]
    public async Task An_upload_that_fills_the_temporary_folder_is_answered_507_and_leaves_nothing_there()
    {
        using var disk = SmallFilesystem.Mount(megabytes: 2);
        var database = await TestCluster.CreateDatabaseAsync();
        var port = FreePort();
        var start = new ProcessStartInfo(SpatialHubCliProcess.Executable)
        {
            ArgumentList =
            {
                "serve", "--urls", $"http://127.0.0.1:{port}", $"--ConnectionStrings:SpatialHub={database}",
                $"--SpatialHub:ApiKey={SpatialHubFactory.ApiKey}", "--SpatialHub:ImportSamplesWhenEmpty=false",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TMPDIR"] = disk.Path },
        };
        using var server = Process.Start(start)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Add("X-Api-Key", SpatialHubFactory.ApiKey);
            await WaitUntilServingAsync(client);
            (await client.PutAsync($"/api/datasets/{Dataset}?format=csv", new StringContent(FaultTestKit.Points(10)))).StatusCode.ShouldBe(HttpStatusCode.OK);
            var before = Directory.GetFiles(disk.Path, "*", SearchOption.AllDirectories);

            var response = await client.PutAsync($"/api/datasets/{Dataset}?format=csv", new StringContent(FaultTestKit.Points(100_000)));

            response.StatusCode.ShouldBe(HttpStatusCode.InsufficientStorage, await response.Content.ReadAsStringAsync());
            (await response.Content.ReadAsStringAsync()).ShouldContain("temporary folder is full");
            Directory.GetFiles(disk.Path, "*", SearchOption.AllDirectories).ShouldBe(before, "the partial upload is removed");
            (await client.GetStringAsync($"/collections/{Dataset}/items?limit=100")).ShouldContain("\"numberReturned\":10");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task AssertPreviousVersionOnlyAsync(TestDatabase database)
    {
        (await database.ScalarAsync<long>("SELECT feature_count FROM spatialhub.datasets WHERE id = $1", Dataset)).ShouldBe(10);
        var tables = await database.FeatureTablesAsync();
        tables.Count.ShouldBe(1, "no half-written version is left");
        (await database.ScalarAsync<long>($"SELECT count(*) FROM {tables[0]}")).ShouldBe(10);
    }

    private static WebApplicationFactory<Program> Service(string connectionString) => FaultTestKit.Service(new()
    {
        ["ConnectionStrings:SpatialHub"] = connectionString,
        ["SpatialHub:ApiKey"] = SpatialHubFactory.ApiKey,
        ["SpatialHub:ImportSamplesWhenEmpty"] = "false",
    });

    private static async Task WaitUntilServingAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
            }
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task ExecuteAsync(string connectionString, string sql) => ExecuteAsync(connectionString, connectionString, sql);

    /// <summary>Runs statements one by one (CREATE/DROP TABLESPACE and DROP DATABASE refuse a transaction block);
    /// a null database means the maintenance database.</summary>
    private static async Task ExecuteAsync(string connectionString, string? database, params string[] statements)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        builder.Database = database is null ? "postgres" : new NpgsqlConnectionStringBuilder(database).Database;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
