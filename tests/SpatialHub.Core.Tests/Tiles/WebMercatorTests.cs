using SpatialHub.Core.Tiles;

namespace SpatialHub.Core.Tests.Tiles;

[Trait("Category", "Unit")]
public sealed class WebMercatorTests
{
    [Fact]
    public void The_zoom_0_tile_is_the_whole_mercator_square()
    {
        WebMercator.Bounds(TileCoord.Create(0, 0, 0)).ShouldBe(
            new MercatorBounds(-WebMercator.HalfWorld, -WebMercator.HalfWorld, WebMercator.HalfWorld, WebMercator.HalfWorld));
    }

    [Fact]
    public void Tile_rows_count_from_the_north_and_neighbours_share_their_edges()
    {
        var northWest = WebMercator.Bounds(TileCoord.Create(1, 0, 0));
        northWest.ShouldBe(new MercatorBounds(-WebMercator.HalfWorld, 0, 0, WebMercator.HalfWorld));
        var east = WebMercator.Bounds(TileCoord.Create(5, 11, 9));
        var west = WebMercator.Bounds(TileCoord.Create(5, 10, 9));
        west.MaxX.ShouldBe(east.MinX);
    }

    [Fact]
    public void Central_hong_kong_is_in_the_tile_osm_names_for_it()
    {
        // 14/13387/7151, from the slippy-map formulas worked by hand (x = 13387.46, y = 7151.35).
        WebMercator.TileContaining(114.158, 22.282, 14).ShouldBe(TileCoord.Create(14, 13387, 7151));
        var (west, south, east, north) = WebMercator.LonLatBounds(TileCoord.Create(14, 13387, 7151));
        114.158.ShouldBeInRange(west, east);
        22.282.ShouldBeInRange(south, north);
    }

    [Fact]
    public void The_tiles_covering_a_box_are_every_tile_it_touches_and_only_those()
    {
        var tiles = WebMercator.TilesCovering(113.83, 22.15, 114.44, 22.57, 10).ToList();
        tiles.Count.ShouldBe((int)WebMercator.CountCovering(113.83, 22.15, 114.44, 22.57, 10));
        tiles.Distinct().Count().ShouldBe(tiles.Count);
        foreach (var (lon, lat) in new[] { (113.83, 22.15), (114.44, 22.57), (114.158, 22.282) })
        {
            tiles.ShouldContain(WebMercator.TileContaining(lon, lat, 10));
        }
        WebMercator.TilesCovering(113.83, 22.15, 114.44, 22.57, 0).ShouldBe([TileCoord.Create(0, 0, 0)]);
    }

    [Fact]
    public void Positions_beyond_the_mercator_latitudes_fall_in_the_edge_tiles()
    {
        WebMercator.TileContaining(180, -90, 3).ShouldBe(TileCoord.Create(3, 7, 7));
        WebMercator.TileContaining(-180, 90, 3).ShouldBe(TileCoord.Create(3, 0, 0));
    }
}
