using System.Globalization;
using System.Text;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Tests.Infrastructure;
using SpatialHub.Server.Tests.Tiles.Mvt;

namespace SpatialHub.Server.Tests.Tiles;

/// <summary>A dense polygon dataset (6,000 footprints of 8 m and 10 of 60 m in one block of Central): its dense tile
/// fits the byte budget on the first render, draws the large footprints as themselves and counts every small one into
/// a square, dropping none; a sparse tile of the same data is every footprint as itself.</summary>
[Trait("Category", "Integration")]
public sealed class PolygonTileTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    private const int Columns = 100, Rows = 60, Large = 10;
    private static readonly TileCoord Dense = WebMercator.TileContaining(114.158, 22.282, 14);

    [Fact]
    public async Task A_dense_tile_fits_on_the_first_render_and_counts_every_small_footprint_into_its_squares()
    {
        await using var db = await ImportAsync("dense-footprints");
        var dataset = await db.Catalog.GetAsync("dense-footprints");
        var options = new TileQueryOptions();

        var rendered = await new TileRenderer(db.DataSource, options).RenderAsync([dataset], Dense, null);

        rendered.Detail.Level.ShouldBe(0, "the first render fits the budget");
        var features = DecodedTile.Decode(rendered.Bytes).Layer("dense-footprints");
        var drawn = features.Where(f => f.Id is not null).ToList();
        var squares = features.Where(f => f.Id is null).ToList();
        var largeIds = await db.ScalarAsync<long[]>($"SELECT array_agg(feature_id ORDER BY feature_id) FROM {dataset.FeatureTable} WHERE ST_Area(geom_3857) > 1000");
        drawn.Select(f => (long)f.Id!.Value).Order().ToArray().ShouldBe(largeIds, "the footprints a pixel or more across are drawn as themselves");
        drawn.Count.ShouldBeLessThanOrEqualTo(TileSql.DrawnPolygons(options));
        squares.ShouldNotBeEmpty();
        squares.ShouldAllBe(f => f.Type == Tile.Types.GeomType.Polygon && f.Attributes.Count == 1);
        (drawn.Count + squares.Sum(f => Convert.ToInt64(f.Attributes[TileSql.FeatureCountAttribute], CultureInfo.InvariantCulture)))
            .ShouldBe(Columns * Rows + Large, "no footprint is dropped");
    }

    [Fact]
    public async Task A_sparse_tile_sends_every_footprint_it_touches_as_itself()
    {
        await using var db = await ImportAsync("sparse-footprints");
        var dataset = await db.Catalog.GetAsync("sparse-footprints");
        var (west, south, east, north) = WebMercator.LonLatBounds(Dense);
        var tile = WebMercator.TileContaining((west + east) / 2, (south + north) / 2, 17);

        var rendered = await new TileRenderer(db.DataSource, new TileQueryOptions()).RenderAsync([dataset], tile, null);

        var features = DecodedTile.Decode(rendered.Bytes).Layer("sparse-footprints");
        features.ShouldNotBeEmpty();
        features.ShouldAllBe(f => f.Id != null && f.Attributes.ContainsKey("kind") && !f.Attributes.ContainsKey(TileSql.FeatureCountAttribute));
        // What a plain render sends: every footprint that is still a polygon once clipped to the tile and its buffer.
        var touching = await db.ScalarAsync<long>($"""
            SELECT count(*) FROM {dataset.FeatureTable}
            WHERE geom_3857 && ST_TileEnvelope({tile.Z}, {tile.X}, {tile.Y}, margin => 64.0 / 4096)
              AND ST_AsMVTGeom(geom_3857, ST_TileEnvelope({tile.Z}, {tile.X}, {tile.Y}), 4096, 64, true) IS NOT NULL
            """);
        features.Count.ShouldBe((int)touching);
    }

    private async Task<TestDatabase> ImportAsync(string id)
    {
        var db = TestDatabase.Open(factory.ConnectionString);
        await db.ImportTextAsync(id, id + ".geojson", Footprints());
        return db;
    }

    /// <summary>Squares of 8 m every 12 m in a 1,200 × 720 m block centred on the dense tile, and a row of large ones
    /// north of it.</summary>
    private static string Footprints()
    {
        var (west, south, east, north) = WebMercator.LonLatBounds(Dense);
        double lon0 = (west + east) / 2, lat0 = (south + north) / 2;
        const double metresPerDegree = 111_320;
        var degreesEast = 1 / (metresPerDegree * Math.Cos(lat0 * Math.PI / 180));
        var json = new StringBuilder("""{"type":"FeatureCollection","features":[""");
        void Square(double eastMetres, double northMetres, double side, string kind)
        {
            double x0 = lon0 + eastMetres * degreesEast, y0 = lat0 + northMetres / metresPerDegree;
            double x1 = x0 + side * degreesEast, y1 = y0 + side / metresPerDegree;
            json.Append(CultureInfo.InvariantCulture, $$$"""{"type":"Feature","properties":{"kind":"{{{kind}}}"},"geometry":{"type":"Polygon","coordinates":[[[{{{x0}}},{{{y0}}}],[{{{x1}}},{{{y0}}}],[{{{x1}}},{{{y1}}}],[{{{x0}}},{{{y1}}}],[{{{x0}}},{{{y0}}}]]]}},""");
        }
        for (var i = 0; i < Large; i++)
        {
            Square(-600 + i * 120, 460, 60, "large");
        }
        for (var row = 0; row < Rows; row++)
        {
            for (var column = 0; column < Columns; column++)
            {
                Square(-600 + column * 12, -360 + row * 12, 8, "small");
            }
        }
        json.Length--;
        return json.Append("]}").ToString();
    }
}
