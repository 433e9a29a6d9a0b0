using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Shouldly;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;
using Xunit;

namespace SpatialHub.PostGis.Tests.Import;

[Trait("Category", "Integration")]
public sealed class FeatureBatchTests
{
    [Theory]
    [InlineData(114.1694, 22.3193)]
    [InlineData(-0.0, 1e-300)]
    [InlineData(12709036.123456789, 2550000.5)]
    public void A_point_is_encoded_exactly_as_WKBWriter_encodes_it(double x, double y)
    {
        var factory = new GeometryFactory();
        var wgs84 = factory.CreatePoint(new CoordinateZ(x, y, 5));
        var webMercator = factory.CreatePoint(new Coordinate(y, x));
        var batch = new FeatureBatch();

        batch.Add(new PreparedFeature(1, 2, wgs84, webMercator, new Dictionary<string, object?> { ["a"] = 1L }));

        var (row, buffer) = batch.Rows().Single();
        var writer = new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false, emitM: false);
        buffer[row.Wgs84].ToArray().ShouldBe(writer.Write(Srid(wgs84.Copy(), 4326)));
        buffer[row.WebMercator].ToArray().ShouldBe(writer.Write(Srid(webMercator.Copy(), 3857)));
    }

    private static Geometry Srid(Geometry geometry, int srid)
    {
        geometry.SRID = srid;
        return geometry;
    }
}
