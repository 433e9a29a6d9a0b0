using SpatialHub.Core.Import;

namespace SpatialHub.Core.Tests.Import;

[Trait("Category", "Unit")]
public sealed class FeaturePreparerTests
{
    [Theory]
    [InlineData("{\"name\":\"a\\u0000b\"}", "name")]
    [InlineData("{\"na\\u0000me\":\"a\"}", "na\0me")]
    public void A_nul_character_in_a_property_refuses_the_row_naming_the_field(string properties, string field)
    {
        var geoJson = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.17,22.3]},"
            + $"\"properties\":{properties}}}]}}";

        var rows = new FeaturePreparer("nul.geojson").Prepare(ReaderTestHelpers.GeoJson(geoJson, "nul.geojson")).ToList();

        rows.ShouldHaveSingleItem().Issue.ShouldNotBeNull();
        rows[0].Issue!.Field.ShouldBe(field);
        rows[0].Issue!.Reason.ShouldContain("NUL");
    }
}
