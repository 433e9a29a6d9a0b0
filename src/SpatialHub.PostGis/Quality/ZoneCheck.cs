using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Quality;

namespace SpatialHub.PostGis.Quality;

/// <summary>
/// Attribute against geometry: finds a field whose values name the zones of a zone layer (a polygon dataset in the
/// catalog, such as the districts), then lists the features that lie in another zone than the one they name. Runs
/// in the import's transaction on the freshly loaded table, so the zone join uses both tables' GiST indexes.
/// </summary>
internal static class ZoneCheck
{
    /// <summary>Polygon datasets with more features than this are not zone layers (districts: 18).</summary>
    private const int MaxZones = 1000;

    private sealed record Layer(ZoneLayer Info, List<List<string>> ZoneNames, List<string> Fields);

    private sealed record Match(Layer Layer, string Field, string ZoneField, double Share);

    public static async Task<ZoneReport?> RunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string datasetId, QualityRequest request,
        IReadOnlyList<ZoneFieldCandidate> candidates, CancellationToken cancellationToken)
    {
        if (request.ZoneField is { } named)
        {
            candidates = candidates.Where(c => c.Field == named).ToList();
        }
        if (candidates.Count == 0)
        {
            return null;
        }
        var layers = await LoadLayersAsync(connection, transaction, datasetId, request.ZoneLayer, cancellationToken);
        var minimumShare = request.ZoneField is null ? request.Options.ZoneMatchShare : double.Epsilon;
        var best = layers
            .SelectMany(layer => candidates.Select(candidate => BestMatch(layer, candidate)))
            .Where(m => m.Share >= minimumShare)
            .MaxBy(m => m.Share);
        return best is null ? null : await MismatchesAsync(connection, transaction, table, best, request.Options.MaxListed, cancellationToken);
    }

    /// <summary>The share of the candidate's values that name a zone, and the zone field most of them match (English or Chinese names).</summary>
    private static Match BestMatch(Layer layer, ZoneFieldCandidate candidate)
    {
        var texts = candidate.Texts.GroupBy(t => Normalize(t.Key)).ToDictionary(g => g.Key, g => g.Sum(t => t.Value));
        var names = layer.ZoneNames.SelectMany(n => n).Select(Normalize).ToHashSet();
        var matched = texts.Where(t => names.Contains(t.Key)).Sum(t => t.Value);
        var zoneField = layer.Fields
            .MaxBy(field => texts.Where(t => layer.ZoneNames.Any(z => Normalize(z[layer.Fields.IndexOf(field)]) == t.Key)).Sum(t => t.Value))
            ?? "";
        return new Match(layer, candidate.Field, zoneField, candidate.NonEmpty == 0 ? 0 : (double)matched / candidate.NonEmpty);
    }

    /// <summary>Case, surrounding and repeated spaces, and "&amp;" against "and" do not make a different name
    /// ("CENTRAL AND WESTERN" is "Central &amp; Western"). <see cref="NormalizeSql"/> is the same in SQL.</summary>
    private static string Normalize(string name) =>
        string.Join(' ', name.Replace("&", " and ", StringComparison.Ordinal).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string NormalizeSql(string expression) => $"btrim(regexp_replace(replace(lower({expression}), '&', ' and '), '\\s+', ' ', 'g'))";

    private static async Task<List<Layer>> LoadLayersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string datasetId, string? only, CancellationToken cancellationToken)
    {
        var layers = new List<ZoneLayer>();
        await using (var command = new NpgsqlCommand("""
            SELECT id, title, attribution, source_file, version, imported_at FROM spatialhub.datasets
            WHERE geometry_type IN ('Polygon', 'MultiPolygon') AND id <> $1 AND feature_count <= $2 AND ($3::text IS NULL OR id = $3)
            ORDER BY id
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = datasetId });
            command.Parameters.Add(new NpgsqlParameter { Value = MaxZones });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)only ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                layers.Add(new ZoneLayer(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        var loaded = new List<Layer>();
        foreach (var layer in layers)
        {
            var rows = new List<Dictionary<string, string>>();
            await using var command = new NpgsqlCommand($"SELECT properties::text FROM {Dataset.FeatureTableName(layer.Version)}", connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                using var json = JsonDocument.Parse(reader.GetString(0));
                rows.Add(json.RootElement.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .ToDictionary(p => p.Name, p => p.Value.GetString()!.Trim(), StringComparer.Ordinal));
            }
            var fields = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
            loaded.Add(new Layer(layer, rows.Select(r => fields.Select(f => r.GetValueOrDefault(f, "")).ToList()).ToList(), fields));
        }
        return loaded;
    }

    /// <summary>
    /// Each feature with a value, against the zone its point on surface falls in: a mismatch when none of that zone's
    /// text attributes equals the value (ignoring case and surrounding spaces), so English and Chinese names both count.
    /// </summary>
    private static async Task<ZoneReport> MismatchesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string table, Match match, int maxListed, CancellationToken cancellationToken)
    {
        var zones = Dataset.FeatureTableName(match.Layer.Info.Version);
        await using var command = new NpgsqlCommand($"""
            WITH valued AS (
                SELECT f.feature_id, btrim(f.properties ->> $1) AS named, ST_PointOnSurface(f.geom) AS at, ST_PointOnSurface(f.geom_3857) AS at_3857
                FROM {table} f WHERE coalesce(btrim(f.properties ->> $1), '') <> ''),
            placed AS (
                SELECT v.feature_id, v.named, v.at, z.properties AS zone
                FROM valued v LEFT JOIN LATERAL (
                    SELECT z.properties FROM {zones} z WHERE ST_Intersects(z.geom_3857, v.at_3857) LIMIT 1) z ON true)
            SELECT feature_id, named, zone ->> $2, ST_X(at), ST_Y(at), zone IS NULL
            FROM placed
            WHERE zone IS NULL OR NOT EXISTS (SELECT 1 FROM jsonb_each_text(zone) e WHERE {NormalizeSql("e.value")} = {NormalizeSql("named")})
            ORDER BY feature_id
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = match.Field, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = match.ZoneField, NpgsqlDbType = NpgsqlDbType.Text });
        long outside = 0, mismatched = 0;
        var rows = new List<ZoneMismatch>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetBoolean(5))
                {
                    outside++;
                    continue;
                }
                mismatched++;
                if (rows.Count < maxListed)
                {
                    rows.Add(new ZoneMismatch(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetDouble(3), reader.GetDouble(4)));
                }
            }
        }
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE coalesce(btrim(properties ->> $1), '') <> ''", connection, transaction);
        count.Parameters.Add(new NpgsqlParameter { Value = match.Field, NpgsqlDbType = NpgsqlDbType.Text });
        var valued = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new ZoneReport(match.Field, match.Layer.Info, Math.Round(match.Share, 4), valued - outside, outside, mismatched, rows);
    }
}
