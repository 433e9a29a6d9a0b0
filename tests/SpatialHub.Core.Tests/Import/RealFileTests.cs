using NetTopologySuite.Geometries;
using Shouldly;
using SpatialHub.Core.Import;
using Xunit;

namespace SpatialHub.Core.Tests.Import;

[Trait("Category", "Unit")]
public sealed class RealFileTests
{
    private static (IFeatureReader Reader, List<ReadResult> Results) Read(string fileName)
    {
        using var stream = File.OpenRead(SampleData.PathOf(fileName));
        var reader = FeatureReaders.Open(stream, new ReaderOptions(fileName), format: null);
        return (reader, reader.ReadAll());
    }

    private static void ShouldBeAt(SourceFeature feature, double x, double y)
    {
        var point = feature.Geometry.ShouldBeOfType<Point>();
        point.X.ShouldBe(x, 1e-9);
        point.Y.ShouldBe(y, 1e-9);
    }

    [Fact]
    public void It_sites_yield_27_points_in_hk1980_grid_from_easting_and_northing()
    {
        var (reader, results) = Read("it-sites-hk1980.csv");

        results.Issues().ShouldBeEmpty();
        var features = results.Features();
        features.Count.ShouldBe(27);
        reader.SourceCrs.Srid.ShouldBe(2326);
        features[0].Geometry.SRID.ShouldBe(2326);
        ShouldBeAt(features[0], 839884.226, 831804.513);
        features[0].Line.ShouldBe(2);
        features[0].Properties["site_id"].ShouldBe("HKSP");
        features[0].Properties["opened"].ShouldBe(2001L);
        features[0].Properties["floor_area_m2"].ShouldBeNull();
        features[0].Properties["facts"].ShouldBe(
            "22-hectare park at Pak Shek Kok; home to over 1,000 I&T companies; houses InnoHK clusters Health@InnoHK and AIR@InnoHK");
        ShouldBeAt(features[^1], 836588.232, 822412.278);
        features[^1].Properties["site_id"].ShouldBe("HKBU");
        features[^1].Line.ShouldBe(28);
    }

    [Fact]
    public void Wifi_hk_yields_5430_points_in_wgs84_despite_the_byte_order_mark_and_multi_line_fields()
    {
        var (reader, results) = Read("wifi-hk-fixed-locations-2023.csv");

        results.Issues().ShouldBeEmpty();
        var features = results.Features();
        features.Count.ShouldBe(5430);
        reader.SourceCrs.Srid.ShouldBe(4326);
        features[0].Properties.Keys.First().ShouldBe("LocationID");
        features[0].Properties["LocationID"].ShouldBe("0001");
        features[0].Properties["NumberOfHotspots"].ShouldBe(17L);
        features[0].Properties["InWifiMap"].ShouldBe(false);
        features[0].Properties["MoreInformationEN"].ShouldBeNull();
        ShouldBeAt(features[0], 114.1939, 22.4678);
        features[^1].Properties["LocationID"].ShouldBe("YYISSD-YYH");
        ShouldBeAt(features[^1], 114.123421, 22.382504);
        features[^1].Line.ShouldBe(5505);
    }

    [Fact]
    public void Wifi_hk_records_after_a_multi_line_field_start_on_their_physical_line()
    {
        var features = Read("wifi-hk-fixed-locations-2023.csv").Results.Features();

        var hospital = features.Single(f => f.Properties["LocationID"] as string == "48192");
        hospital.Line.ShouldBe(655);
        hospital.Properties["MoreInformationEN"].ShouldBe("Hotspot Location in Venue\r\n");
        features[features.IndexOf(hospital) + 1].Line.ShouldBe(657);
        features.Select(f => f.Line).ShouldBeInOrder();
    }

    [Fact]
    public void Wifi_hk_location_ids_stay_text_and_hotspot_counts_are_integers()
    {
        var (reader, results) = Read("wifi-hk-fixed-locations-2023.csv");
        results.Count.ShouldBe(5430);

        var fields = reader.Fields.ToDictionary(f => f.Name, f => f.Type);
        fields["LocationID"].ShouldBe(FieldType.Text);
        fields["NumberOfHotspots"].ShouldBe(FieldType.Integer);
        fields["Latitude"].ShouldBe(FieldType.Real);
        fields["InWifiMap"].ShouldBe(FieldType.Boolean);
        results.Features().Sum(f => (long)f.Properties["NumberOfHotspots"]!).ShouldBe(43433);
    }

    [Fact]
    public void Lampposts_yield_5666_points_in_wgs84()
    {
        var (reader, results) = Read("hyd-lampposts-central-western-eastern.csv");

        results.Issues().ShouldBeEmpty();
        var features = results.Features();
        features.Count.ShouldBe(5666);
        reader.SourceCrs.Srid.ShouldBe(4326);
        ShouldBeAt(features[0], 114.15459053, 22.27559853);
        features[0].Properties["Lamp Post Number"].ShouldBe(40343L);
        features[0].Properties["Location"].ShouldBe("2 & 3 GARDEN TERRACE");
        ShouldBeAt(features[^1], 114.19932471, 22.29182392);
        features[^1].Properties["District"].ShouldBe("Eastern");
        features[^1].Line.ShouldBe(5667);
    }

    [Fact]
    public void Smart_lampposts_yield_25_points_in_crs84()
    {
        var (reader, results) = Read("hko-smart-lampposts.geojson");

        results.Issues().ShouldBeEmpty();
        var features = results.Features();
        features.Count.ShouldBe(25);
        reader.SourceCrs.Srid.ShouldBe(4326);
        ShouldBeAt(features[0], 114.224991, 22.315157);
        features[0].Line.ShouldBe(1);
        features[0].Properties["LP_NUMBER"].ShouldBe("AB4818");
        ShouldBeAt(features[^1], 114.211864, 22.308709);
        features[^1].Properties["LP_NUMBER"].ShouldBe("GF3851");
        features[^1].Line.ShouldBe(25);
    }

    [Fact]
    public void Districts_yield_18_polygons_in_hk1980_grid_named_by_the_crs_member()
    {
        var (reader, results) = Read("hk-18-districts-2001-hk1980.geojson");

        results.Issues().ShouldBeEmpty();
        var features = results.Features();
        features.Count.ShouldBe(18);
        reader.SourceCrs.Srid.ShouldBe(2326);
        features.ShouldAllBe(f => f.Geometry is Polygon && f.Geometry.IsValid && f.Geometry.SRID == 2326);
        features[0].Properties["DC_ENG"].ShouldBe("North");
        features[0].Properties["DC_CHIN"].ShouldBe("北區");
        features[0].Properties["DC"].ShouldBe("35");
        features[0].Geometry.Coordinates[0].X.ShouldBe(833591.8125030799, 1e-9);
        features[0].Geometry.Coordinates[0].Y.ShouldBe(845679.3750011435, 1e-9);
        features[^1].Properties["DC_ENG"].ShouldBe("Southern");
        features[^1].Line.ShouldBe(18);
    }
}
