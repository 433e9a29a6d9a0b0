using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>Small helpers over the OGC API for the feature tests.</summary>
internal static class FeatureApi
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await client.GetFromJsonAsync<JsonElement>(url);

    public static string Link(this JsonElement document, string rel) =>
        document.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == rel).GetProperty("href").GetString()!;

    public static bool HasLink(this JsonElement document, string rel) =>
        document.GetProperty("links").EnumerateArray().Any(l => l.GetProperty("rel").GetString() == rel);

    /// <summary>The feature id of the one feature whose attribute has this value.</summary>
    public static async Task<long> FeatureIdAsync(HttpClient client, string collection, string field, string value)
    {
        var items = await client.GetJsonAsync($"/collections/{collection}/items?limit=10000");
        return items.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").TryGetProperty(field, out var v) && v.ToString() == value)
            .GetProperty("id").GetInt64();
    }

    public static IReadOnlyList<long> Ids(this JsonElement collection) =>
        collection.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()).ToList();

    /// <summary>Ids of <paramref name="collection"/>'s features intersecting one feature of <paramref name="area"/>, straight from PostGIS.</summary>
    public static async Task<IReadOnlyList<long>> IdsIntersectingAsync(SpatialHubFactory factory, string collection, string area, long areaFeatureId)
    {
        await using var dataSource = NpgsqlDataSource.Create(factory.ConnectionString);
        var catalog = new CatalogRepository(dataSource);
        Dataset features = await catalog.GetAsync(collection), areas = await catalog.GetAsync(area);
        await using var command = dataSource.CreateCommand(
            $"SELECT f.feature_id FROM {features.FeatureTable} f, {areas.FeatureTable} a WHERE a.feature_id = $1 AND ST_Intersects(f.geom, a.geom) ORDER BY 1");
        command.Parameters.Add(new NpgsqlParameter { Value = areaFeatureId });
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }
}
