using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;
using SpatialHub.PostGis.Embedded;
using SpatialHub.PostGis.Migrations;

namespace SpatialHub.PostGis;

/// <summary>The database SpatialHub talks to: an external PostGIS when a connection string is given,
/// otherwise the embedded cluster in the data directory. Migrated on open.</summary>
public sealed class SpatialHubDatabase : IAsyncDisposable
{
    private readonly EmbeddedCluster? _cluster;

    private SpatialHubDatabase(NpgsqlDataSource dataSource, IReadOnlyList<NpgsqlDataSource> replicas, EmbeddedCluster? cluster, string connectionString)
    {
        DataSource = dataSource;
        Replicas = replicas;
        _cluster = cluster;
        ConnectionString = connectionString;
    }

    /// <summary>The primary: writes, imports, migrations, the catalog watcher, and every read when there is no replica.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Read-only streaming replicas of the primary (none unless configured); never migrated or written to.</summary>
    public IReadOnlyList<NpgsqlDataSource> Replicas { get; }

    /// <summary>The full connection string, password included (the data source's own omits it).</summary>
    public string ConnectionString { get; }

    public static async Task<SpatialHubDatabase> OpenAsync(DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        EmbeddedCluster? cluster = null;
        var connectionString = settings.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            cluster = await EmbeddedCluster.StartAsync(
                new EmbeddedClusterOptions
                {
                    DataDirectory = settings.DataDirectory, Durable = settings.Durable,
                    LoggerFactory = settings.LoggerFactory, Meter = settings.Meter,
                },
                cancellationToken);
            connectionString = cluster.ConnectionString;
        }
        var builder = Builder(connectionString, settings, settings.ApplicationName);
        // PostGIS geometries arrive as NetTopologySuite objects wherever a query returns them (analytics GeoJSON).
        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).UseNetTopologySuite().Build();
        if (cluster is not null)
        {
            cluster.ServerReplaced += dataSource.Clear;
        }
        var replicas = new List<NpgsqlDataSource>();
        try
        {
            // A migration may have created PostGIS after the pool first read the server's types; when none ran, the
            // types read are complete and reading them again would only slow every CLI command's start.
            if (await SchemaMigrator.MigrateAsync(dataSource, cancellationToken) > 0)
            {
                await dataSource.ReloadTypesAsync(cancellationToken);
            }
            // Replicas are opened lazily by their pools: one that is down at start is skipped until it is back.
            foreach (var (read, index) in (settings.ReadConnectionStrings ?? []).Select((s, i) => (s, i)))
            {
                var replica = new NpgsqlDataSourceBuilder(Builder(read, settings, $"{settings.ApplicationName}-read").ConnectionString)
                {
                    Name = $"replica{index + 1}",
                };
                replicas.Add(replica.UseNetTopologySuite().Build());
            }
        }
        catch
        {
            await dataSource.DisposeAsync();
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            throw;
        }
        return new SpatialHubDatabase(dataSource, replicas, cluster, builder.ConnectionString);
    }

    /// <summary>Parses a connection string without letting its text into the error: Npgsql's messages quote the
    /// offending part ("Keyword not supported: 'xyz'"), which for an unquoted password holding ';' is the password.</summary>
    private static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidConnectionStringException();
        }
    }

    private static NpgsqlConnectionStringBuilder Builder(string connectionString, DatabaseSettings settings, string applicationName)
    {
        var builder = Parse(connectionString);
        builder.ApplicationName = applicationName;
        builder.MaxPoolSize = settings.MaxPoolSize;
        // Statements run again and again (the per-request version check of tiles, catalog reads) are prepared
        // on each pooled connection after their second use, saving the parse and plan per execution.
        builder.MaxAutoPrepare = 64;
        builder.AutoPrepareMinUsages = 2;
        return builder;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The configured connection string cannot be parsed. The message never quotes it: it holds the password.</summary>
public sealed class InvalidConnectionStringException() : Exception(
    "The database connection string (ConnectionStrings:SpatialHub or --connection) is malformed; it is not shown because it " +
    "holds the password. Write it as Key=Value pairs separated by ';', and put values containing ';', '=' or quotes in double quotes.");

/// <summary>How to reach the database.</summary>
/// <param name="ConnectionString">An external PostGIS; null or empty for the embedded cluster.</param>
/// <param name="DataDirectory">Where the embedded cluster lives.</param>
/// <param name="Durable">False only for throw-away test clusters.</param>
/// <param name="ReadConnectionStrings">Streaming replicas of the external primary for reads; none by default.</param>
/// <param name="LoggerFactory">Where the embedded cluster's supervisor logs restarts.</param>
/// <param name="Meter">Where the embedded cluster's supervisor counts restarts.</param>
public sealed record DatabaseSettings(
    string? ConnectionString,
    string DataDirectory,
    bool Durable = true,
    string ApplicationName = "spatialhub",
    int MaxPoolSize = 32,
    IReadOnlyList<string>? ReadConnectionStrings = null,
    ILoggerFactory? LoggerFactory = null,
    Meter? Meter = null);
