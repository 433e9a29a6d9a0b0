using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Tests.Projection;

[Trait("Category", "Unit")]
public sealed class CrsGuesserTests
{
    [Theory]
    [InlineData(832591.320, 820351.389, 2326)]
    [InlineData(800000, 800000, 2326)]
    [InlineData(870000, 850000, 2326)]
    [InlineData(114.141187917, 22.322172084, 4326)]
    [InlineData(113.84, 22.15, 4326)]
    [InlineData(12706196.0, 2549000.0, 3857)]
    public void Hong_kong_coordinates_in_their_usual_axis_order_are_recognised(double x, double y, int srid) =>
        CrsGuesser.Guess(x, y)!.Srid.ShouldBe(srid);

    [Fact]
    public void Latitude_given_before_longitude_is_not_guessed_but_flagged_as_swapped()
    {
        CrsGuesser.Guess(22.322172084, 114.141187917).ShouldBeNull();
        CrsGuesser.IsSwappedLatLon(22.322172084, 114.141187917).ShouldBeTrue();
        CrsGuesser.IsSwappedLatLon(114.141187917, 22.322172084).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(500000, 2470000)]       // UTM 50N, Hong Kong: not supported
    [InlineData(113.5439, 22.1987)]     // Macau
    [InlineData(900000, 820000)]
    [InlineData(832591.320, 900000)]
    [InlineData(double.NaN, double.NaN)]
    public void Coordinates_that_fit_no_supported_crs_in_hong_kong_give_null(double x, double y) =>
        CrsGuesser.Guess(x, y).ShouldBeNull();
}
