using System.Globalization;

namespace SpatialHub.PostGis.Tiles;

/// <summary>
/// A cluster's categories: how many of its points have each value of the dataset's configured category field
/// (<see cref="TileQueryOptions.ClusterCategories"/>), so that a style can colour a cluster by its dominant value.
/// Both ways of counting a tile's cells (the pyramid and per request) yield the same map of value → count per
/// cell; this class turns that map into the same bounded, flat MVT attributes.
/// </summary>
/// <remarks>
/// Attributes: <c>category</c> (the dominant value), <c>category_1</c> … <c>category_N</c> with
/// <c>category_1_count</c> … (the N most frequent values, most frequent first, ties in byte order of the value) and
/// <c>category_other_count</c> (points with any other value or none), so the counts add up to <c>point_count</c>
/// exactly. N is <see cref="TileQueryOptions.ClusterCategoryCount"/>. Values are the field's text; a missing or JSON
/// null value is no category.
/// </remarks>
public static class ClusterCategorySql
{
    public const string DominantAttribute = "category";
    public const string OtherCountAttribute = "category_other_count";

    public static string RankAttribute(int rank) => string.Create(CultureInfo.InvariantCulture, $"category_{rank}");

    public static string RankCountAttribute(int rank) => string.Create(CultureInfo.InvariantCulture, $"category_{rank}_count");

    /// <summary>The category field configured for a dataset, or null.</summary>
    public static string? Field(string datasetId, TileQueryOptions options) =>
        options.ClusterCategories.TryGetValue(datasetId, out var field) ? field : null;

    /// <summary>The attributes a dataset's clusters carry for its category field, with their TileJSON descriptions.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Fields(string datasetId, TileQueryOptions options)
    {
        if (Field(datasetId, options) is not { } field)
        {
            yield break;
        }
        yield return new(DominantAttribute, $"String: a cluster's most frequent {field}");
        for (var rank = 1; rank <= options.ClusterCategoryCount; rank++)
        {
            yield return new(RankAttribute(rank), $"String: a cluster's {field} in place {rank} by frequency");
            yield return new(RankCountAttribute(rank), $"Number: the cluster's points with that {field}");
        }
        yield return new(OtherCountAttribute, $"Number: a cluster's points with any other {field}, or none");
    }

    /// <summary>
    /// A jsonb expression with the category attributes of a cell whose value → count map is <paramref name="map"/>
    /// (a jsonb object, or null when no point has a value) and whose point count is <paramref name="count"/>.
    /// </summary>
    public static string Attributes(string map, string count, int ranks) => $"""
        (SELECT jsonb_build_object('{OtherCountAttribute}', {count} - coalesce(sum(e.n), 0))
                || coalesce(jsonb_object_agg('category_' || e.r, e.k)
                            || jsonb_object_agg('category_' || e.r || '_count', e.n)
                            || jsonb_build_object('{DominantAttribute}', min(e.k) FILTER (WHERE e.r = 1)), jsonb_build_object())
         FROM (SELECT m.key AS k, m.value::bigint AS n,
                      row_number() OVER (ORDER BY m.value::bigint DESC, m.key COLLATE "C") AS r
               FROM jsonb_each_text({map}) m) e
         WHERE e.r <= {ranks})
        """;

    /// <summary>A cell's value → count map from rows grouped by cell and value (<c>k</c>, <c>n</c>).</summary>
    public static string Map(string alias) => $"jsonb_object_agg({alias}.k, {alias}.n) FILTER (WHERE {alias}.k IS NOT NULL)";
}
