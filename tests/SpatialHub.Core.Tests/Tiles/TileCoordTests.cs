using SpatialHub.Core.Tiles;

namespace SpatialHub.Core.Tests.Tiles;

[Trait("Category", "Unit")]
public sealed class TileCoordTests
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(14, 13387, 7151)]
    [InlineData(22, 4194303, 4194303)]
    public void A_tile_inside_the_pyramid_is_accepted(int z, int x, int y) =>
        TileCoord.Create(z, x, y).ToString().ShouldBe($"{z}/{x}/{y}");

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(23, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(3, 8, 0)]
    [InlineData(3, 0, 8)]
    [InlineData(3, -1, 0)]
    public void A_tile_outside_the_pyramid_is_an_invalid_tile(int z, int x, int y) =>
        Should.Throw<InvalidTileException>(() => TileCoord.Create(z, x, y));

    [Theory]
    [InlineData("12", "3346", "1786")]
    [InlineData("12", "3346", "1786.mvt")]
    [InlineData("12", "3346", "1786.pbf")]
    public void The_row_may_end_in_mvt_or_pbf(string z, string x, string y) =>
        TileCoord.Parse(z, x, y).ShouldBe(TileCoord.Create(12, 3346, 1786));

    [Theory]
    [InlineData("12", "3346", "1786.png")]
    [InlineData("12", "3346", "1786.")]
    [InlineData("12", "+3346", "1786")]
    [InlineData("1e1", "0", "0")]
    [InlineData("12", "3346", "99999999999")]
    public void Anything_else_in_a_tile_path_is_an_invalid_tile(string z, string x, string y) =>
        Should.Throw<InvalidTileException>(() => TileCoord.Parse(z, x, y));
}
