using Shouldly;
using SpatialHub.Core.Import;
using Xunit;

namespace SpatialHub.Core.Tests.Import;

[Trait("Category", "Unit")]
public sealed class FieldSchemaTests
{
    [Theory]
    [InlineData("42", FieldType.Integer)]
    [InlineData("-7", FieldType.Integer)]
    [InlineData("0", FieldType.Integer)]
    [InlineData("0001", FieldType.Text)]
    [InlineData("99999999999999999999", FieldType.Text)]
    [InlineData("22.4678", FieldType.Real)]
    [InlineData("0.5", FieldType.Real)]
    [InlineData("1e5", FieldType.Real)]
    [InlineData("1,000", FieldType.Text)]
    [InlineData("NaN", FieldType.Text)]
    [InlineData("TRUE", FieldType.Boolean)]
    [InlineData("yes", FieldType.Text)]
    [InlineData("2023-07-01", FieldType.Date)]
    [InlineData("2023-13-01", FieldType.Text)]
    [InlineData(" 42", FieldType.Text)]
    public void Text_is_classified_as_its_narrowest_type(string text, FieldType expected) =>
        FieldSchema.Classify(text).ShouldBe(expected);

    [Fact]
    public void An_empty_value_says_nothing_about_the_type() => FieldSchema.Classify("").ShouldBeNull();

    [Fact]
    public void Integers_and_reals_widen_to_real_and_other_mixtures_to_text()
    {
        FieldSchema.Widen(FieldType.Integer, FieldType.Real).ShouldBe(FieldType.Real);
        FieldSchema.Widen(FieldType.Boolean, FieldType.Integer).ShouldBe(FieldType.Text);
        FieldSchema.Widen(null, FieldType.Date).ShouldBe(FieldType.Date);
    }

    [Fact]
    public void Convert_gives_the_value_in_the_column_type_so_far_and_widens_first()
    {
        var schema = new FieldSchema(["n", "t"]);

        schema.Convert(0, "42").ShouldBe(42L);
        schema.Convert(0, "1.5").ShouldBe(1.5);
        schema.Convert(0, "2").ShouldBe(2.0);
        schema.Convert(0, "").ShouldBeNull();
        schema.Convert(1, "2023-07-01").ShouldBe(new DateOnly(2023, 7, 1));
        schema.Convert(1, "true").ShouldBe("true");
        schema.Convert(1, "7").ShouldBe("7");

        schema.Fields.ShouldBe([new("n", FieldType.Real), new("t", FieldType.Text)]);
    }

    [Fact]
    public void Json_values_are_observed_by_name_in_order_of_first_appearance()
    {
        var schema = new FieldSchema();
        schema.ObserveValue("b", 1L);
        schema.ObserveValue("a", "x");
        schema.ObserveValue("b", 2.5);
        schema.ObserveValue("c", null);

        schema.Fields.ShouldBe([new("b", FieldType.Real), new("a", FieldType.Text), new("c", FieldType.Text)]);
    }
}
