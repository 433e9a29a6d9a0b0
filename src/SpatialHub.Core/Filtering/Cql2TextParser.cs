using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace SpatialHub.Core.Filtering;

/// <summary>
/// cql2-text (OGC 21-065 BNF) by recursive descent: <c>OR</c> binds loosest, then <c>AND</c>, then <c>NOT</c>;
/// predicates are comparisons (= &lt;&gt; &lt; &gt; &lt;= &gt;=), [NOT] LIKE, [NOT] BETWEEN … AND …, [NOT] IN (…),
/// IS [NOT] NULL, and S_INTERSECTS(a, b) with WKT or BBOX(…) literals. Keywords are case-insensitive. Errors name
/// the 1-based character where the parser stopped.
/// </summary>
public static class Cql2TextParser
{
    /// <summary>Deeper nesting is refused, so that a hostile filter cannot exhaust the stack.</summary>
    public const int MaxDepth = 64;

    private static readonly string[] GeometryKeywords =
        ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"];

    private static readonly string[] UnsupportedFunctions =
        ["S_EQUALS", "S_DISJOINT", "S_TOUCHES", "S_WITHIN", "S_OVERLAPS", "S_CROSSES", "S_CONTAINS", "T_AFTER", "T_BEFORE",
         "T_CONTAINS", "T_DISJOINT", "T_DURING", "T_EQUALS", "T_FINISHEDBY", "T_FINISHES", "T_INTERSECTS", "T_MEETS",
         "T_METBY", "T_OVERLAPPEDBY", "T_OVERLAPS", "T_STARTEDBY", "T_STARTS", "A_EQUALS", "A_CONTAINS", "A_CONTAINEDBY",
         "A_OVERLAPS", "CASEI", "ACCENTI", "INTERVAL"];

    public static FilterNode Parse(string text)
    {
        var parser = new Parser(new Cql2TextLexer(text));
        var node = parser.Expression(0);
        var end = parser.Lexer.Peek();
        return end.Kind == TokenKind.End ? node : throw Unexpected(end, "AND, OR or the end of the filter");
    }

    private static FilterException Unexpected(Token token, string expected) => new(
        token.Kind == TokenKind.End ? $"the filter ends where {expected} was expected" : $"expected {expected}, found '{Shorten(token.Text)}'",
        token.Where);

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private sealed class Parser(Cql2TextLexer lexer)
    {
        public Cql2TextLexer Lexer => lexer;

        public FilterNode Expression(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FilterException($"the filter nests deeper than {MaxDepth} levels", lexer.Peek().Where);
            }
            var terms = new List<FilterNode> { Term(depth) };
            while (lexer.Peek().Is("OR"))
            {
                lexer.Next();
                terms.Add(Term(depth));
            }
            return terms.Count == 1 ? terms[0] : new OrNode(terms);
        }

        private FilterNode Term(int depth)
        {
            var factors = new List<FilterNode> { Factor(depth) };
            while (lexer.Peek().Is("AND"))
            {
                lexer.Next();
                factors.Add(Factor(depth));
            }
            return factors.Count == 1 ? factors[0] : new AndNode(factors);
        }

        private FilterNode Factor(int depth)
        {
            if (lexer.Peek().Is("NOT"))
            {
                var not = lexer.Next();
                return depth < MaxDepth ? new NotNode(Factor(depth + 1))
                    : throw new FilterException($"the filter nests deeper than {MaxDepth} levels", not.Where);
            }
            return Primary(depth);
        }

        private FilterNode Primary(int depth)
        {
            var token = lexer.Peek();
            if (token.IsSymbol("("))
            {
                lexer.Next();
                var inner = Expression(depth + 1);
                Expect(")");
                return inner;
            }
            if (token.Is("S_INTERSECTS"))
            {
                lexer.Next();
                Expect("(");
                var left = Geometry();
                Expect(",");
                var right = Geometry();
                Expect(")");
                return new IntersectsNode(left, right);
            }
            if (token.Kind == TokenKind.Identifier && UnsupportedFunctions.Contains(token.Text, StringComparer.OrdinalIgnoreCase))
            {
                throw new FilterException($"{token.Text.ToUpperInvariant()} is not supported; this service offers comparisons, LIKE, BETWEEN, IN, IS NULL and S_INTERSECTS", token.Where);
            }
            var value = Scalar();
            return Predicate(value) ?? (value is LiteralOperand { Value: bool b } ? new BooleanNode(b)
                : throw Unexpected(lexer.Peek(), "a comparison operator, LIKE, BETWEEN, IN or IS"));
        }

        /// <summary>The predicate that follows a first operand, or null when none does (a bare TRUE/FALSE).</summary>
        private FilterNode? Predicate(Operand value)
        {
            var token = lexer.Peek();
            if (token.Kind == TokenKind.Symbol && ComparisonSymbols.Parse(token.Text) is { } op)
            {
                lexer.Next();
                return new ComparisonNode(value, op, Scalar());
            }
            var negated = token.Is("NOT");
            if (negated)
            {
                lexer.Next();
                token = lexer.Peek();
            }
            if (token.Is("LIKE"))
            {
                lexer.Next();
                return new LikeNode(value, Scalar(), negated);
            }
            if (token.Is("BETWEEN"))
            {
                lexer.Next();
                var low = Scalar();
                if (!lexer.Next().Is("AND"))
                {
                    throw new FilterException("BETWEEN needs AND between its bounds", token.Where);
                }
                return new BetweenNode(value, low, Scalar(), negated);
            }
            if (token.Is("IN"))
            {
                lexer.Next();
                Expect("(");
                var list = new List<Operand> { Scalar() };
                while (lexer.Peek().IsSymbol(","))
                {
                    lexer.Next();
                    list.Add(Scalar());
                }
                Expect(")");
                return new InNode(value, list, negated);
            }
            if (negated)
            {
                throw Unexpected(token, "LIKE, BETWEEN or IN after NOT");
            }
            if (token.Is("IS"))
            {
                lexer.Next();
                var isNot = lexer.Peek().Is("NOT");
                if (isNot)
                {
                    lexer.Next();
                }
                var nullToken = lexer.Next();
                return nullToken.Is("NULL") ? new IsNullNode(value, isNot) : throw Unexpected(nullToken, "NULL");
            }
            return null;
        }

        private Operand Scalar()
        {
            var token = lexer.Next();
            switch (token.Kind)
            {
                case TokenKind.String:
                    return new LiteralOperand(token.Text, token.Where);
                case TokenKind.Number:
                    return new LiteralOperand(token.Number, token.Where);
                case TokenKind.QuotedIdentifier:
                    return new PropertyOperand(token.Text, token.Where);
                case TokenKind.Identifier when token.Is("TRUE") || token.Is("FALSE"):
                    return new LiteralOperand(token.Is("TRUE"), token.Where);
                case TokenKind.Identifier when token.Is("DATE") || token.Is("TIMESTAMP"):
                    Expect("(");
                    var literal = lexer.Next();
                    if (literal.Kind != TokenKind.String)
                    {
                        throw Unexpected(literal, $"a quoted {token.Text.ToUpperInvariant()} value");
                    }
                    Expect(")");
                    return new LiteralOperand(Temporal(token.Is("DATE"), literal.Text, literal.Where), token.Where);
                case TokenKind.Identifier when IsReserved(token.Text):
                    throw Unexpected(token, "a property name or a value");
                case TokenKind.Identifier:
                    if (lexer.Peek().IsSymbol("("))
                    {
                        throw new FilterException($"function {Shorten(token.Text)}() is not supported", token.Where);
                    }
                    return new PropertyOperand(token.Text, token.Where);
                default:
                    throw Unexpected(token, "a property name or a value");
            }
        }

        private Operand Geometry()
        {
            var token = lexer.Peek();
            if (token.Is("BBOX"))
            {
                lexer.Next();
                Expect("(");
                var numbers = new List<double>();
                do
                {
                    var number = lexer.Next();
                    numbers.Add(number.Kind == TokenKind.Number ? number.Number : throw Unexpected(number, "a number"));
                }
                while (lexer.Peek().IsSymbol(",") && lexer.Next().IsSymbol(","));
                Expect(")");
                return new GeometryOperand(FilterGeometry.Box(numbers, token.Where), token.Where);
            }
            if (token.Kind == TokenKind.Identifier && GeometryKeywords.Contains(token.Text, StringComparer.OrdinalIgnoreCase))
            {
                var wkt = lexer.TakeBalanced(token.Start);
                try
                {
                    return new GeometryOperand(new WKTReader().Read(wkt), token.Where);
                }
                catch (Exception e) when (e is ParseException or ArgumentException or FormatException or InvalidOperationException)
                {
                    throw new FilterException($"invalid WKT geometry: {Shorten(e.Message)}", token.Where);
                }
            }
            var operand = Scalar();
            return operand is PropertyOperand ? operand : throw new FilterException("expected a geometry: a property, a WKT literal or BBOX(…)", operand.Position);
        }

        private void Expect(string symbol)
        {
            var token = lexer.Next();
            if (!token.IsSymbol(symbol))
            {
                throw Unexpected(token, $"'{symbol}'");
            }
        }

        private static bool IsReserved(string word) =>
            word.ToUpperInvariant() is "AND" or "OR" or "NOT" or "LIKE" or "BETWEEN" or "IN" or "IS" or "NULL";
    }

    /// <summary>DATE('yyyy-MM-dd') or TIMESTAMP('…Z'), an RFC 3339 instant in UTC as CQL2 requires.</summary>
    internal static object Temporal(bool date, string text, string where)
    {
        if (date)
        {
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : throw new FilterException($"DATE('{Shorten(text)}') is not a yyyy-MM-dd date", where);
        }
        return DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw new FilterException($"TIMESTAMP('{Shorten(text)}') is not an RFC 3339 UTC instant such as 2020-01-01T00:00:00Z", where);
    }
}
