using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

/// <summary>The cluster pyramid written at import: exact per level against plain SQL over the features, and the
/// tiles it serves equal to the tiles aggregated per request from the same points, category counts included.</summary>
[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ClusterPyramidTests(SpatialHubFactory factory)
{
    private const string Category = "VenueTypeEN";

    private static readonly TileQueryOptions Options = new()
    {
        ClusterSums = new() { ["wifi-hk"] = ["NumberOfHotspots", "LocationNameEN"] },
        ClusterCategories = new() { ["wifi-hk"] = Category },
    };

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource data, string sql)
    {
        await using var command = data.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Every_level_counts_each_point_once_and_sums_what_a_plain_sum_over_the_features_gives()
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var wifi = await TilesCollection.DatasetAsync(factory, "wifi-hk");
        wifi.HasClusterPyramid.ShouldBeTrue();
        var column = ClusterPyramid.SummedFields(wifi.Fields).ToList().IndexOf("NumberOfHotspots");
        column.ShouldBeGreaterThanOrEqualTo(0);

        var points = await ScalarAsync<long>(data, $"SELECT count(*) FROM {wifi.FeatureTable}");
        var hotspots = await ScalarAsync<decimal>(data, $"SELECT sum((properties ->> 'NumberOfHotspots')::numeric) FROM {wifi.FeatureTable}");
        points.ShouldBe(wifi.FeatureCount);
        await using var command = data.CreateCommand($"""
            SELECT level, sum(n)::bigint, sum(s{column}), count(*), count(DISTINCT (cx, cy))
            FROM {ClusterPyramid.TableName(wifi.Version)} GROUP BY level ORDER BY level
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var levels = 0;
        while (await reader.ReadAsync())
        {
            reader.GetInt32(0).ShouldBe(levels++);
            reader.GetInt64(1).ShouldBe(points, $"level {reader.GetInt32(0)}");
            reader.GetDecimal(2).ShouldBe(hotspots);
            reader.GetInt64(3).ShouldBe(reader.GetInt64(4), "one row per cell");
        }
        levels.ShouldBe(ClusterPyramid.MaxLevel + 1);

        // The one level-0 cell counts every value of the category field (configured in appsettings.json) as a plain GROUP BY does.
        wifi.ClusterCategory.ShouldBe(Category);
        (await ScalarAsync<bool>(data, $"""
            SELECT (SELECT c FROM {ClusterPyramid.TableName(wifi.Version)} WHERE level = 0)
                 = (SELECT jsonb_object_agg(k, n) FROM (SELECT properties ->> '{Category}' AS k, count(*) AS n
                                                        FROM {wifi.FeatureTable} GROUP BY 1) g WHERE k IS NOT NULL)
            """)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_finest_level_cell_holds_the_points_strictly_inside_its_square()
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var wifi = await TilesCollection.DatasetAsync(factory, "wifi-hk");
        // A cell of level L is the square of tile L/cx/cy; ST_TileEnvelope is PostGIS's own arithmetic for it.
        var mismatches = await ScalarAsync<long>(data, $"""
            SELECT count(*) FROM (
                SELECT c.n, (SELECT count(*) FROM {wifi.FeatureTable} f
                             WHERE ST_Contains(ST_TileEnvelope(c.level, c.cx, c.cy), f.geom_3857)) AS inside
                FROM {ClusterPyramid.TableName(wifi.Version)} c WHERE c.level = {ClusterPyramid.MaxLevel}
                ORDER BY c.n DESC, c.cx, c.cy LIMIT 200) s
            WHERE s.inside <> s.n
            """);
        mismatches.ShouldBe(0);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(13)]
    public async Task Tiles_from_the_pyramid_equal_tiles_aggregated_per_request(int z)
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var wifi = await TilesCollection.DatasetAsync(factory, "wifi-hk");
        var perRequest = wifi with { HasClusterPyramid = false };
        TileSql.Build([wifi], z, null, Options, TileDetail.Full).ShouldContain(ClusterPyramid.TableName(wifi.Version));
        TileSql.Build([perRequest], z, null, Options, TileDetail.Full).ShouldNotContain("clusters_v");

        var renderer = new TileRenderer(data, Options);
        var compared = 0;
        foreach (var tile in TilesCollection.Covering(wifi, z))
        {
            var fromPyramid = Features((await renderer.RenderAsync([wifi], tile, null)).Bytes);
            var aggregated = Features((await renderer.RenderAsync([perRequest], tile, null)).Bytes);
            fromPyramid.Count.ShouldBe(aggregated.Count, $"{tile}");
            foreach (var (a, b) in fromPyramid.Zip(aggregated))
            {
                (a.Id, a.PointCount, Sum(a), a.Attributes.GetValueOrDefault("LocationNameEN"))
                    .ShouldBe((b.Id, b.PointCount, Sum(b), b.Attributes.GetValueOrDefault("LocationNameEN")), $"{tile}");
                Categories(a).ShouldBe(Categories(b), $"{tile}");
                if (a.IsCluster)
                {
                    Categories(a).ShouldNotBeEmpty();
                }
                // Mean positions are summed in a different order, so they may round to the neighbouring grid unit.
                Math.Abs(a.X - b.X).ShouldBeLessThanOrEqualTo(1);
                Math.Abs(a.Y - b.Y).ShouldBeLessThanOrEqualTo(1);
            }
            compared += fromPyramid.Count;
        }
        compared.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    public async Task Cluster_categories_add_up_to_point_count_and_over_a_zoom_to_a_plain_count_per_value(int z)
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var wifi = await TilesCollection.DatasetAsync(factory, "wifi-hk");
        const int ranks = 3;
        var few = new TileRenderer(data, new TileQueryOptions { ClusterCategories = Options.ClusterCategories, ClusterCategoryCount = ranks });
        var all = new TileRenderer(data, new TileQueryOptions
        {
            ClusterCategories = Options.ClusterCategories, ClusterCategoryCount = TileQueryOptions.MaxClusterCategoryCount,
        });
        var totals = new Dictionary<string, long>();
        var clusters = 0;
        foreach (var tile in TilesCollection.Covering(wifi, z))
        {
            foreach (var cluster in Features((await few.RenderAsync([wifi], tile, null)).Bytes).Where(f => f.IsCluster))
            {
                var counts = Ranked(cluster).Select(r => r.Count).ToList();
                counts.Count.ShouldBeLessThanOrEqualTo(ranks);
                counts.ShouldNotBeEmpty();
                counts.ShouldBe(counts.OrderByDescending(c => c).ToList(), "most frequent first");
                (counts.Sum() + cluster.LongAttribute(ClusterCategorySql.OtherCountAttribute)).ShouldBe(cluster.PointCount, $"{tile}");
                cluster.Attributes[ClusterCategorySql.DominantAttribute].ShouldBe(cluster.Attributes[ClusterCategorySql.RankAttribute(1)]);
                cluster.Attributes.Keys.Count(k => k.StartsWith("category", StringComparison.Ordinal)).ShouldBeLessThanOrEqualTo(2 * ranks + 2);
                clusters++;
            }
            // With more ranks than values, every point is counted under its own value, in a cluster or as itself.
            foreach (var feature in Features((await all.RenderAsync([wifi], tile, null)).Bytes).Where(f => f.InExtent))
            {
                var values = feature.IsCluster ? Ranked(feature) : [((string)feature.Attributes[Category], 1L)];
                foreach (var (value, count) in values)
                {
                    totals[value] = totals.GetValueOrDefault(value) + count;
                }
                feature.LongAttribute(ClusterCategorySql.OtherCountAttribute).ShouldBe(0);
            }
        }
        clusters.ShouldBeGreaterThan(0);
        var expected = new Dictionary<string, long>();
        await using var command = data.CreateCommand($"SELECT properties ->> '{Category}', count(*) FROM {wifi.FeatureTable} GROUP BY 1");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            expected[reader.GetString(0)] = reader.GetInt64(1);
        }
        totals.ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task A_category_field_other_than_the_pyramids_is_counted_per_request()
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var wifi = await TilesCollection.DatasetAsync(factory, "wifi-hk");
        var other = new TileQueryOptions { ClusterCategories = new() { ["wifi-hk"] = "OrganisationCode" } };
        TileSql.Build([wifi], 10, null, other, TileDetail.Full).ShouldNotContain("clusters_v");
        TileSql.Build([wifi], 10, null, Options, TileDetail.Full).ShouldContain("clusters_v");

        var renderer = new TileRenderer(data, other);
        var organisations = await ScalarAsync<string[]>(data,
            $"SELECT array_agg(DISTINCT properties ->> 'OrganisationCode') FROM {wifi.FeatureTable}");
        var dominant = new List<string>();
        foreach (var tile in TilesCollection.Covering(wifi, 10))
        {
            dominant.AddRange(Features((await renderer.RenderAsync([wifi], tile, null)).Bytes)
                .Where(f => f.IsCluster).Select(f => (string)f.Attributes[ClusterCategorySql.DominantAttribute]));
        }
        dominant.ShouldNotBeEmpty();
        dominant.ShouldAllBe(value => organisations.Contains(value));
    }

    [Fact]
    public async Task Only_current_point_versions_have_a_pyramid_and_lines_and_polygons_have_none()
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var districts = await TilesCollection.DatasetAsync(factory, "districts");
        districts.HasClusterPyramid.ShouldBeFalse();
        var expected = await ScalarAsync<string[]>(data,
            "SELECT coalesce(array_agg('clusters_v' || version ORDER BY 'clusters_v' || version), '{}') FROM spatialhub.datasets WHERE cluster_pyramid");
        var tables = await ScalarAsync<string[]>(data, """
            SELECT coalesce(array_agg(relname::text ORDER BY relname::text), '{}') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'spatialhub' AND relkind = 'r' AND relname LIKE 'clusters\_v%'
            """);
        tables.ShouldBe(expected);
        tables.ShouldContain($"clusters_v{(await TilesCollection.DatasetAsync(factory, "wifi-hk")).Version}");
    }

    private static List<DecodedFeature> Features(byte[] tile) =>
        DecodedTile.Decode(tile).Layer("wifi-hk").OrderBy(f => f.Id).ThenBy(f => f.PointCount).ThenBy(f => f.X).ThenBy(f => f.Y).ToList();

    /// <summary>A cluster's named categories, most frequent first: category_1 and category_1_count, and so on.</summary>
    private static List<(string Value, long Count)> Ranked(DecodedFeature cluster) =>
        Enumerable.Range(1, TileQueryOptions.MaxClusterCategoryCount)
            .TakeWhile(r => cluster.Attributes.ContainsKey(ClusterCategorySql.RankAttribute(r)))
            .Select(r => ((string)cluster.Attributes[ClusterCategorySql.RankAttribute(r)], cluster.LongAttribute(ClusterCategorySql.RankCountAttribute(r))))
            .ToList();

    private static string Categories(DecodedFeature feature) => string.Join("; ", feature.Attributes
        .Where(a => a.Key.StartsWith("category", StringComparison.Ordinal)).OrderBy(a => a.Key, StringComparer.Ordinal)
        .Select(a => $"{a.Key}={a.Value}"));

    private static long? Sum(DecodedFeature feature) =>
        feature.Attributes.ContainsKey("NumberOfHotspots") ? feature.LongAttribute("NumberOfHotspots") : null;
}
