using SpatialHub.Core.Catalog;
using SpatialHub.Core.Versions;

namespace SpatialHub.Core.Tests.Versions;

[Trait("Category", "Unit")]
public sealed class KeyCandidatesTests
{
    private static DatasetField[] Fields(params (string Name, string Type)[] fields) => fields.Select(f => new DatasetField(f.Name, f.Type)).ToArray();

    [Fact]
    public void The_samples_id_like_columns_are_candidates_and_descriptive_ones_are_not()
    {
        var wifi = Fields(("LocationID", "text"), ("OrganisationCode", "text"), ("LocationNameEN", "text"), ("Latitude", "real"), ("NumberOfHotspots", "integer"));
        KeyCandidates.Among(wifi, wifi).ShouldBe(["LocationID", "OrganisationCode"]);
        var lampposts = Fields(("Lamp Post Number", "integer"), ("District", "text"), ("Location", "text"));
        KeyCandidates.Among(lampposts, lampposts).ShouldBe(["Lamp Post Number"]);
        var districts = Fields(("DC_CODE", "text"), ("DC_ENG", "text"), ("DC", "text"));
        KeyCandidates.Among(districts, districts).ShouldBe(["DC_CODE"]);
    }

    [Fact]
    public void A_field_must_be_text_or_integer_in_both_versions_and_plain_id_ranks_first()
    {
        var older = Fields(("site_code", "text"), ("ref_no", "real"), ("id", "integer"));
        var newer = Fields(("site_code", "text"), ("ref_no", "real"), ("id", "integer"), ("new_id", "text"));
        KeyCandidates.Among(older, newer).ShouldBe(["id", "site_code"]);
    }

    [Fact]
    public void Coordinate_columns_are_found_for_leaving_out_of_comparisons()
    {
        KeyCandidates.CoordinateFields(Fields(("Latitude", "real"), ("Longitude", "real"), ("name", "text"), ("Easting", "real")))
            .ShouldBe(["Latitude", "Longitude", "Easting"]);
    }
}
