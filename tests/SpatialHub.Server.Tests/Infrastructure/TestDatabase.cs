using System.Text;
using Npgsql;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Import;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>A fresh database of the test cluster for one test, with helpers to import and inspect.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(NpgsqlDataSource dataSource) => DataSource = dataSource;

    public NpgsqlDataSource DataSource { get; }

    public CatalogRepository Catalog => new(DataSource);

    public static async Task<TestDatabase> CreateAsync() => Open(await TestCluster.CreateDatabaseAsync());

    /// <summary>Another writer on an existing database (a running service's, say), as the import CLI would be.</summary>
    public static TestDatabase Open(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    public Task<ImportReport> ImportTextAsync(
        string datasetId, string fileName, string content, RowErrorPolicy policy = RowErrorPolicy.Fail, string? srs = null, string? title = null) =>
        ImportBytesAsync(datasetId, fileName, Encoding.UTF8.GetBytes(content), policy, srs, title);

    public async Task<ImportReport> ImportBytesAsync(
        string datasetId, string fileName, byte[] content, RowErrorPolicy policy = RowErrorPolicy.Fail, string? srs = null, string? title = null)
    {
        using var stream = new MemoryStream(content);
        var reader = FeatureReaders.Open(stream, new ReaderOptions(fileName, srs), format: null);
        return await new DatasetImporter(DataSource).ImportAsync(new ImportRequest(datasetId, title ?? datasetId, fileName, OnError: policy), reader);
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Feature tables that exist, whether or not the catalog points at them: debris shows up here.</summary>
    public async Task<IReadOnlyList<string>> FeatureTablesAsync()
    {
        await using var command = DataSource.CreateCommand(
            "SELECT 'spatialhub.' || relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE n.nspname = 'spatialhub' AND relkind = 'r' AND relname LIKE 'features\\_v%' ORDER BY relname");
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
