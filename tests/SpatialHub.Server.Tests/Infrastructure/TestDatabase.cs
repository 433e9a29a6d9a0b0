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

    public static async Task<TestDatabase> CreateAsync() => new(NpgsqlDataSource.Create(await TestCluster.CreateDatabaseAsync()));

    public Task<ImportReport> ImportTextAsync(string datasetId, string fileName, string content, RowErrorPolicy policy = RowErrorPolicy.Fail, string? srs = null) =>
        ImportBytesAsync(datasetId, fileName, Encoding.UTF8.GetBytes(content), policy, srs);

    public async Task<ImportReport> ImportBytesAsync(string datasetId, string fileName, byte[] content, RowErrorPolicy policy = RowErrorPolicy.Fail, string? srs = null)
    {
        using var stream = new MemoryStream(content);
        var reader = FeatureReaders.Open(stream, new ReaderOptions(fileName, srs), format: null);
        return await new DatasetImporter(DataSource).ImportAsync(new ImportRequest(datasetId, datasetId, fileName, OnError: policy), reader);
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
