using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Analytics;

/// <summary>The service with the samples, plus small datasets whose answers are known by construction: two squares
/// sharing an edge and a third far away (zones), points inside, outside and exactly on the shared edge and corner,
/// and a line crossing the shared edge.</summary>
public sealed class AnalyticsFixture : SpatialHubFactory
{
    // Square A: 114.10..114.11 E, 22.30..22.31 N; B to its east; C far out at sea, with nothing in it.
    public const string ZonesGeoJson = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"name":"=A1+1","kind":"a"},"geometry":{"type":"Polygon","coordinates":[[[114.10,22.30],[114.11,22.30],[114.11,22.31],[114.10,22.31],[114.10,22.30]]]}},
         {"type":"Feature","properties":{"name":"Square B","kind":"b"},"geometry":{"type":"Polygon","coordinates":[[[114.11,22.30],[114.12,22.30],[114.12,22.31],[114.11,22.31],[114.11,22.30]]]}},
         {"type":"Feature","properties":{"name":"Empty C","kind":"c"},"geometry":{"type":"Polygon","coordinates":[[[114.40,22.45],[114.41,22.45],[114.41,22.46],[114.40,22.46],[114.40,22.45]]]}}
        ]}
        """;

    // Inside A, inside B, on the A|B edge, on the corner A|B share, outside every zone.
    public const string PointsCsv = "name,weight,Latitude,Longitude\r\n" +
        "in-a,10,22.305,114.105\r\nin-b,20,22.305,114.115\r\non-edge,40,22.305,114.11\r\non-corner,80,22.31,114.11\r\noutside,160,22.2,114.3\r\n";

    public const string LineGeoJson = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"name":"crossing"},"geometry":{"type":"LineString","coordinates":[[114.105,22.305],[114.115,22.305]]}}
        ]}
        """;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The tests ask for many analyses from one client; the budget itself is tested on its own.
        builder.UseSetting("SpatialHub:ExpensiveReads:PermitsPerMinute", "100000");
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var writer = CreateWriter();
        await PutAsync(writer, "squares", ZonesGeoJson, "application/geo+json");
        await PutAsync(writer, "probes", PointsCsv, "text/csv");
        await PutAsync(writer, "crossing", LineGeoJson, "application/geo+json");
    }

    public static async Task PutAsync(HttpClient writer, string id, string body, string mediaType)
    {
        var response = await writer.PutAsync($"/api/datasets/{id}", new StringContent(body, Encoding.UTF8, mediaType));
        response.IsSuccessStatusCode.ShouldBeTrue($"{id}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await CreateClient().GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A dataset's feature table as the catalog names it, for the independent SQL of the tests.</summary>
    public async Task<string> TableAsync(string id) =>
        $"spatialhub.features_v{await ScalarAsync<long>("SELECT version FROM spatialhub.datasets WHERE id = $1", id)}";

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<T>> RowsAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
