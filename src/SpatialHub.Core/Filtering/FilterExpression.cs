using NetTopologySuite.Geometries;

namespace SpatialHub.Core.Filtering;

/// <summary>
/// A parsed CQL2 filter (OGC 21-065, Basic CQL2 with LIKE, BETWEEN, IN and S_INTERSECTS), the same tree whichever
/// encoding it came in (cql2-text or cql2-json). Pure syntax: property names are not checked against a dataset here;
/// the database layer does that when it turns the tree into SQL.
/// </summary>
public abstract record FilterNode;

public sealed record AndNode(IReadOnlyList<FilterNode> Operands) : FilterNode;

public sealed record OrNode(IReadOnlyList<FilterNode> Operands) : FilterNode;

public sealed record NotNode(FilterNode Operand) : FilterNode;

public sealed record BooleanNode(bool Value) : FilterNode;

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
}

/// <summary>The comparison symbols, shared by both encodings and the SQL they become (the same six in all three).</summary>
public static class ComparisonSymbols
{
    private static readonly string[] Symbols = ["=", "<>", "<", ">", "<=", ">="];

    public static string Symbol(this ComparisonOperator op) => Symbols[(int)op];

    public static ComparisonOperator? Parse(string symbol) => Array.IndexOf(Symbols, symbol) is var i and >= 0 ? (ComparisonOperator)i : null;
}

public sealed record ComparisonNode(Operand Left, ComparisonOperator Operator, Operand Right) : FilterNode;

/// <summary><c>value [NOT] LIKE pattern</c>: <c>%</c> any run of characters, <c>_</c> one, <c>\</c> escapes.</summary>
public sealed record LikeNode(Operand Value, Operand Pattern, bool Negated) : FilterNode;

public sealed record BetweenNode(Operand Value, Operand Low, Operand High, bool Negated) : FilterNode;

public sealed record InNode(Operand Value, IReadOnlyList<Operand> List, bool Negated) : FilterNode;

public sealed record IsNullNode(Operand Value, bool Negated) : FilterNode;

/// <summary><c>S_INTERSECTS(a, b)</c>; one side is the geometry queryable, the other a literal.</summary>
public sealed record IntersectsNode(Operand Left, Operand Right) : FilterNode;

/// <summary>A value in a predicate, with the position it was read from (a 1-based character in cql2-text, a JSON
/// pointer in cql2-json) so that an error about it can say where.</summary>
public abstract record Operand(string Position);

/// <summary>A queryable by name (an attribute of the features, or <c>geometry</c>).</summary>
public sealed record PropertyOperand(string Name, string Position) : Operand(Position);

/// <summary>A literal: string, double, bool, <see cref="DateOnly"/> (DATE) or <see cref="DateTimeOffset"/> (TIMESTAMP).</summary>
public sealed record LiteralOperand(object Value, string Position) : Operand(Position);

/// <summary>A geometry literal (WKT, GeoJSON or BBOX), coordinates as written, in the filter's CRS and axis order.</summary>
public sealed record GeometryOperand(Geometry Geometry, string Position) : Operand(Position);

/// <summary>The two encodings of Part 3 (<c>filter-lang</c>).</summary>
public enum FilterEncoding
{
    Cql2Text,
    Cql2Json,
}

/// <summary>A filter that cannot be parsed or does not fit the data; <see cref="Position"/> says where.</summary>
public class FilterException(string message, string position) : Exception($"{message} (at {position})")
{
    public string Position { get; } = position;

    public string Reason { get; } = message;
}

/// <summary>A filter names a property that is not a queryable of the collection.</summary>
public sealed class UnknownQueryableException(string name, string position)
    : FilterException($"'{(name.Length > 60 ? name[..60] + "…" : name)}' is not a queryable of this collection; see its /queryables", position)
{
    public string Name { get; } = name;
}
