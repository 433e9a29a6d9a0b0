using SpatialHub.Core.Filtering;

namespace SpatialHub.Core.Tests.Filtering;

[Trait("Category", "Unit")]
public sealed class Cql2ParserTests
{
    [Fact]
    public void Text_and_json_give_the_same_tree_for_each_operator()
    {
        var pairs = new (string Text, string Json)[]
        {
            ("name = 'x'", """{"op":"=","args":[{"property":"name"},"x"]}"""),
            ("n <> 1.5", """{"op":"<>","args":[{"property":"n"},1.5]}"""),
            ("name LIKE 'Hong%'", """{"op":"like","args":[{"property":"name"},"Hong%"]}"""),
            ("n BETWEEN 1 AND 2", """{"op":"between","args":[{"property":"n"},1,2]}"""),
            ("c IN ('a', 'b')", """{"op":"in","args":[{"property":"c"},["a","b"]]}"""),
            ("c IS NULL", """{"op":"isNull","args":[{"property":"c"}]}"""),
            ("d >= DATE('2020-01-31')", """{"op":">=","args":[{"property":"d"},{"date":"2020-01-31"}]}"""),
            ("a = 1 AND NOT (b = 2 OR c = 3)",
                """{"op":"and","args":[{"op":"=","args":[{"property":"a"},1]},{"op":"not","args":[{"op":"or","args":[{"op":"=","args":[{"property":"b"},2]},{"op":"=","args":[{"property":"c"},3]}]}]}]}"""),
        };
        foreach (var (text, json) in pairs)
        {
            Describe(Cql2TextParser.Parse(text)).ShouldBe(Describe(Cql2JsonParser.Parse(json)), text);
        }
    }

    [Fact]
    public void Or_binds_looser_than_and_and_keywords_are_case_insensitive()
    {
        Describe(Cql2TextParser.Parse("a = 1 or b = 2 and c = 3")).ShouldBe("OR(a=1, AND(b=2, c=3))");
        Describe(Cql2TextParser.Parse("\"Lamp Post Number\" = 'it''s'")).ShouldBe("Lamp Post Number=it's");
        Describe(Cql2TextParser.Parse("a NOT LIKE 'x' AND b NOT IN (1) AND c IS NOT NULL AND d NOT BETWEEN 1 AND 2"))
            .ShouldBe("AND(NOT a LIKE x, NOT b IN [1], c IS NOT NULL, NOT d BETWEEN 1..2)");
    }

    [Fact]
    public void Spatial_literals_are_bbox_wkt_and_geojson()
    {
        var bbox = (IntersectsNode)Cql2TextParser.Parse("S_INTERSECTS(geometry, BBOX(114.1, 22.2, 114.3, 22.5))");
        ((GeometryOperand)bbox.Right).Geometry.EnvelopeInternal.MaxX.ShouldBe(114.3);
        var wkt = (IntersectsNode)Cql2TextParser.Parse("s_intersects(geometry, POLYGON((114 22, 115 22, 115 23, 114 23, 114 22)))");
        ((GeometryOperand)wkt.Right).Geometry.Area.ShouldBe(1);
        var json = (IntersectsNode)Cql2JsonParser.Parse("""{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[114.2,22.3]}]}""");
        ((GeometryOperand)json.Right).Geometry.Coordinate.X.ShouldBe(114.2);
    }

    [Theory]
    [InlineData("name = ", "character 8")]
    [InlineData("name = 'x", "character 8")]
    [InlineData("name == 'x'", "character 7")]
    [InlineData("(a = 1", "character 7")]
    [InlineData("a = 1 b = 2", "character 7")]
    [InlineData("a BETWEEN 1 OR 2", "character 3")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((1 2, 3 4)", "character 24")]
    [InlineData("S_INTERSECTS(geometry, BBOX(1, 2, 3))", "character 24")]
    [InlineData("S_CONTAINS(geometry, BBOX(1, 2, 3, 4))", "character 1")]
    [InlineData("d = DATE('2020-02-30')", "character 10")]
    [InlineData("a = 1e999", "character 5")]
    [InlineData("a = 1 ; DROP TABLE x", "character 7")]
    public void A_text_error_names_the_character_where_it_is(string filter, string position)
    {
        Should.Throw<FilterException>(() => Cql2TextParser.Parse(filter)).Position.ShouldBe(position);
    }

    [Theory]
    [InlineData("""{"op":"=","args":[{"property":"a"}]}""", "JSON pointer '/args'")]
    [InlineData("""{"op":"and","args":[{"op":"=","args":[{"property":"a"},1]},{"op":"zz","args":[]}]}""", "JSON pointer '/args/1/op'")]
    [InlineData("""{"op":"in","args":[{"property":"a"},[1,{"x":1}]]}""", "JSON pointer '/args/1/1'")]
    [InlineData("""{"op":"=","args":[""", "line 1, byte 19")]
    public void A_json_error_names_the_member_where_it_is(string filter, string position)
    {
        Should.Throw<FilterException>(() => Cql2JsonParser.Parse(filter)).Position.ShouldBe(position);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_exhausting_the_stack()
    {
        Should.Throw<FilterException>(() => Cql2TextParser.Parse(new string('(', 10_000) + "a = 1" + new string(')', 10_000)));
        Should.Throw<FilterException>(() => Cql2TextParser.Parse(string.Concat(Enumerable.Repeat("NOT ", 10_000)) + "a = 1"));
        Should.Throw<FilterException>(() => Cql2JsonParser.Parse(string.Concat(Enumerable.Repeat("""{"op":"not","args":[""", 5_000)) + "true"
            + string.Concat(Enumerable.Repeat("]}", 5_000))));
    }

    private static string Describe(FilterNode node) => node switch
    {
        AndNode a => $"AND({string.Join(", ", a.Operands.Select(Describe))})",
        OrNode o => $"OR({string.Join(", ", o.Operands.Select(Describe))})",
        NotNode n => $"NOT({Describe(n.Operand)})",
        BooleanNode b => b.Value.ToString(),
        ComparisonNode c => $"{Describe(c.Left)}{c.Operator.Symbol()}{Describe(c.Right)}",
        LikeNode l => $"{(l.Negated ? "NOT " : "")}{Describe(l.Value)} LIKE {Describe(l.Pattern)}",
        BetweenNode b => $"{(b.Negated ? "NOT " : "")}{Describe(b.Value)} BETWEEN {Describe(b.Low)}..{Describe(b.High)}",
        InNode i => $"{(i.Negated ? "NOT " : "")}{Describe(i.Value)} IN [{string.Join(",", i.List.Select(Describe))}]",
        IsNullNode n => $"{Describe(n.Value)} IS {(n.Negated ? "NOT " : "")}NULL",
        _ => node.ToString()!,
    };

    private static string Describe(Operand operand) => operand switch
    {
        PropertyOperand p => p.Name,
        LiteralOperand { Value: double d } => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LiteralOperand l => l.Value.ToString()!,
        _ => operand.ToString(),
    };
}
