using Npgsql;
using SpatialHub.PostGis.Embedded;
using SpatialHub.PostGis.Migrations;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL + PostGIS cluster per test run, started by the run itself through the product's own
/// embedded-cluster code. Each test gets a fresh database cloned from a migrated template, so tests are isolated
/// and need no clean-up between them. The cluster is destroyed when the test process exits.
/// </summary>
public static class TestCluster
{
    private const string TemplateDatabase = "spatialhub";
    private static readonly SemaphoreSlim CloneLock = new(1, 1);
    private static readonly Lazy<Task<string>> Template = new(StartAsync);
    private static int _databaseCounter;

    /// <summary>The cluster's password (connection strings read back from a data source leave it out).</summary>
    public static string Password { get; private set; } = "";

    /// <summary>A new, migrated database of its own; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var templateConnectionString = await Template.Value;
        var name = $"test_{Interlocked.Increment(ref _databaseCounter)}";
        // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template.
        await CloneLock.WaitAsync();
        try
        {
            var maintenance = new NpgsqlConnectionStringBuilder(templateConnectionString) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {TemplateDatabase}", connection);
            await create.ExecuteNonQueryAsync();
        }
        finally
        {
            CloneLock.Release();
        }
        return new NpgsqlConnectionStringBuilder(templateConnectionString) { Database = name }.ConnectionString;
    }

    private const string DirectoryPrefix = "spatialhub-tests-";

    /// <summary>The test host may be killed before its exit handler finishes: clusters of dead runs go here.</summary>
    private static async Task DestroyLeftoversAsync()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(directory)[DirectoryPrefix.Length..], out var pid) && !IsAlive(pid))
            {
                await EmbeddedCluster.DestroyAsync(new EmbeddedClusterOptions { DataDirectory = directory });
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string> StartAsync()
    {
        await DestroyLeftoversAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"{DirectoryPrefix}{Environment.ProcessId}");
        var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DataDirectory = dataDirectory, Durable = false });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DestroyAsync().GetAwaiter().GetResult();
        var templateConnectionString = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Pooling = false }.ConnectionString;
        await using (var template = NpgsqlDataSource.Create(templateConnectionString))
        {
            await SchemaMigrator.MigrateAsync(template);
        }
        Password = new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Password!;
        return cluster.ConnectionString;
    }
}
