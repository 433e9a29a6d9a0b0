using System.Text;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Search;

/// <summary>One search result: the feature, the field value that matched, and where the feature is (WGS84).</summary>
/// <param name="Score">Higher is better: 4 exact, 3 prefix, 2 word prefix, 1 substring, 0 fuzzy; plus 4 in a name or
/// identifier field (see <see cref="SearchableFields"/>). Equal scores rank shorter names first.</param>
/// <param name="Longitude">Of ST_PointOnSurface: the point itself for points, a point inside polygons.</param>
/// <param name="Bbox">The feature's bounds: min lon, min lat, max lon, max lat.</param>
/// <param name="Fuzzy">True when the name does not contain the text literally (a near miss, or spaces aside).</param>
public sealed record SearchHit(string Dataset, long FeatureId, string Name, string Field, int Score, double Longitude, double Latitude, IReadOnlyList<double> Bbox, bool Fuzzy = false);

/// <summary>
/// Case-insensitive, ranked search over the name-like fields of every dataset, in one SQL statement. The text
/// searched for is a parameter, with LIKE's wildcards (% and _) and the escape character escaped so that they match
/// themselves; field names and dataset ids are parameters too; table names come from the catalog. Runs on a replica
/// through the <see cref="ReadRouter"/> (the primary when the replica lacks a version's table).
/// </summary>
public sealed class SearchQuery(ReadRouter reads)
{
    /// <summary>Least pg_trgm word_similarity of the text to a value for a near miss ("Sceince Park") to count. Such
    /// matches, and matches ignoring spaces ("sciencepark"), score 0 (+4 in a name field) and rank after every literal
    /// (substring) match, the most similar first.</summary>
    public const double FuzzyThreshold = 0.5;

    public SearchQuery(NpgsqlDataSource dataSource) : this(ReadRouter.PrimaryOnly(dataSource))
    {
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(IReadOnlyList<Dataset> datasets, string text, int limit, CancellationToken cancellationToken = default)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new() { Value = text },
            new() { Value = EscapeLike(text) },
            new() { Value = "(^|[^[:alnum:]])" + EscapeRegex(text) },
        };
        var branches = new List<string>();
        foreach (var dataset in datasets)
        {
            var fields = SearchableFields.Of(dataset);
            if (fields.Count == 0)
            {
                continue;
            }
            var first = parameters.Count + 1;
            parameters.Add(new NpgsqlParameter { Value = dataset.Id });
            parameters.Add(new NpgsqlParameter { Value = fields.Select(f => f.Name).ToArray() });
            parameters.Add(new NpgsqlParameter { Value = fields.Select(f => (int)f.Weight).ToArray() });
            branches.Add($"""
                SELECT ${first}::text AS dataset, f.feature_id, v.value, v.field, f.geom,
                       v.weight * 4 + CASE WHEN lower(v.value) = lower($1) THEN 4
                                           WHEN v.value ILIKE $2 || '%' ESCAPE '\' THEN 3
                                           WHEN v.value ~* $3 THEN 2
                                           WHEN v.value ILIKE '%' || $2 || '%' ESCAPE '\' THEN 1
                                           ELSE 0 END AS score,
                       v.value ILIKE '%' || $2 || '%' ESCAPE '\' AS literal,
                       word_similarity(lower($1), lower(v.value)) AS similarity
                FROM {dataset.FeatureTable} f
                CROSS JOIN LATERAL (
                    SELECT n.field, n.weight, f.properties ->> n.field AS value
                    FROM unnest(${first + 1}::text[], ${first + 2}::int[]) AS n(field, weight)) v
                WHERE v.value ILIKE '%' || $2 || '%' ESCAPE '\'
                   OR replace(lower(v.value), ' ', '') LIKE '%' || replace(lower($2), ' ', '') || '%' ESCAPE '\'
                   OR word_similarity(lower($1), lower(v.value)) >= {FuzzyThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}
                """);
        }
        if (branches.Count == 0)
        {
            return [];
        }
        parameters.Add(new NpgsqlParameter { Value = limit });
        var sql = $"""
            SELECT best.dataset, best.feature_id, best.value, best.field, best.score,
                   ST_X(p.point), ST_Y(p.point), ST_XMin(best.geom), ST_YMin(best.geom), ST_XMax(best.geom), ST_YMax(best.geom), NOT best.literal
            FROM (
                SELECT DISTINCT ON (m.dataset, m.feature_id) m.*
                FROM ({string.Join("\nUNION ALL\n", branches)}) m
                ORDER BY m.dataset, m.feature_id, m.literal DESC, m.score DESC, m.similarity DESC, length(m.value), m.field) best
            CROSS JOIN LATERAL (SELECT ST_PointOnSurface(best.geom) AS point) p
            ORDER BY best.literal DESC, best.score DESC, CASE WHEN best.literal THEN 0 ELSE best.similarity END DESC,
                     length(best.value), best.value, best.dataset, best.feature_id
            LIMIT ${parameters.Count}
            """;
        return await reads.ReadAsync(dataSource => ReadHitsAsync(dataSource, sql, parameters, cancellationToken), null, cancellationToken);
    }

    private static async Task<IReadOnlyList<SearchHit>> ReadHitsAsync(
        NpgsqlDataSource dataSource, string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        // Copies: a parameter belongs to one command, and the read may be tried again on the primary.
        command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hits = new List<SearchHit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetDouble(5), reader.GetDouble(6), [reader.GetDouble(7), reader.GetDouble(8), reader.GetDouble(9), reader.GetDouble(10)], reader.GetBoolean(11)));
        }
        return hits;
    }

    /// <summary>Makes %, _ and \ match themselves in a LIKE pattern with ESCAPE '\'.</summary>
    public static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>Makes every character of the text literal in a PostgreSQL regular expression (ARE).</summary>
    public static string EscapeRegex(string text)
    {
        var escaped = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (@"\^$.|?*+()[]{}".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
