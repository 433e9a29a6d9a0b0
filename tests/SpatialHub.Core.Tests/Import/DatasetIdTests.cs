using SpatialHub.Core.Catalog;

namespace SpatialHub.Core.Tests.Import;

[Trait("Category", "Unit")]
public sealed class DatasetIdTests
{
    [Theory]
    [InlineData("wifi-hk", true)]
    [InlineData("a", true)]
    [InlineData("sec-nl\n", false)]
    [InlineData("sec-nl\r", false)]
    [InlineData("sec\nnl", false)]
    [InlineData("sec-nl\t", false)]
    [InlineData("-leading", false)]
    [InlineData("Upper", false)]
    public void Only_the_whole_text_matches_so_a_trailing_newline_is_refused(string id, bool valid)
    {
        DatasetId.IsValid(id).ShouldBe(valid);
    }
}
