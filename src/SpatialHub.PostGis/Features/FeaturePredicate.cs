using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Filtering;
using SpatialHub.Core.Projection;

namespace SpatialHub.PostGis.Features;

/// <summary>
/// A filter on one dataset's features as SQL (OGC API – Features Part 3). Built from a parsed CQL2 tree, checked
/// against the dataset's fields when it is created (an unknown queryable or a type mismatch throws
/// <see cref="FilterException"/> there, before any query runs), and rendered as a boolean condition whose every value
/// is a parameter: property names travel as parameters too (<c>properties ->> $n</c>), so no text of the filter ever
/// becomes SQL. Items use it; analytics can take the same filter through <see cref="Parse"/>.
/// </summary>
public sealed class FeaturePredicate
{
    /// <summary>The queryable that stands for the feature's geometry (as in the /queryables schema).</summary>
    public const string GeometryQueryable = "geometry";

    private readonly FilterNode _node;
    private readonly IReadOnlyDictionary<string, string> _fieldTypes;
    private readonly FeatureCrs _filterCrs;

    private FeaturePredicate(FilterNode node, Dataset dataset, FeatureCrs filterCrs)
    {
        _node = node;
        _fieldTypes = dataset.Fields.ToDictionary(f => f.Name, f => f.Type, StringComparer.Ordinal);
        _filterCrs = filterCrs;
    }

    public FilterNode Node => _node;

    /// <summary>Checks the tree against <paramref name="dataset"/>'s fields; throws <see cref="FilterException"/>.</summary>
    public static FeaturePredicate Create(FilterNode node, Dataset dataset, FeatureCrs? filterCrs = null)
    {
        var predicate = new FeaturePredicate(node, dataset, filterCrs ?? FeatureCrs.Crs84);
        predicate.Condition("f", []);
        return predicate;
    }

    /// <summary>A CQL2 filter string in either encoding, checked against the dataset (<see cref="Create"/>).</summary>
    public static FeaturePredicate Parse(string filter, FilterEncoding encoding, Dataset dataset, FeatureCrs? filterCrs = null) =>
        Create(encoding == FilterEncoding.Cql2Json ? Cql2JsonParser.Parse(filter) : Cql2TextParser.Parse(filter), dataset, filterCrs);

    /// <summary>Both predicates' conditions (same dataset); null when both are null.</summary>
    public static FeaturePredicate? And(FeaturePredicate? a, FeaturePredicate? b) =>
        a is null ? b : b is null ? a : new FeaturePredicate(new AndNode([a._node, b._node]), a, b);

    private FeaturePredicate(FilterNode node, FeaturePredicate a, FeaturePredicate b)
    {
        // Geometry literals of each side keep their own CRS, so only trees without geometry may mix CRSs.
        _node = node;
        _fieldTypes = a._fieldTypes;
        _filterCrs = a._filterCrs == b._filterCrs || !HasGeometry(b._node) ? a._filterCrs
            : !HasGeometry(a._node) ? b._filterCrs : throw new ArgumentException("Both predicates carry geometry in different CRSs.");
    }

    /// <summary>The SQL condition on the feature table aliased <paramref name="alias"/>, appending its parameters.</summary>
    public string Condition(string alias, List<NpgsqlParameter> parameters) => new Renderer(this, alias, parameters).Node(_node);

    private static bool HasGeometry(FilterNode node) => node switch
    {
        IntersectsNode => true,
        AndNode and => and.Operands.Any(HasGeometry),
        OrNode or => or.Operands.Any(HasGeometry),
        NotNode not => HasGeometry(not.Operand),
        _ => false,
    };

    private sealed class Renderer(FeaturePredicate predicate, string alias, List<NpgsqlParameter> parameters)
    {
        public string Node(FilterNode node) => node switch
        {
            AndNode and => "(" + string.Join(" AND ", and.Operands.Select(Node)) + ")",
            OrNode or => "(" + string.Join(" OR ", or.Operands.Select(Node)) + ")",
            NotNode not => $"(NOT {Node(not.Operand)})",
            BooleanNode b => b.Value ? "TRUE" : "FALSE",
            ComparisonNode c => Comparison(c),
            LikeNode like => Like(like),
            BetweenNode between => Between(between),
            InNode @in => In(@in),
            IsNullNode isNull => $"({Null(isNull.Value)} IS {(isNull.Negated ? "NOT " : "")}NULL)",
            IntersectsNode intersects => Intersects(intersects),
            _ => throw new ArgumentOutOfRangeException(nameof(node)),
        };

        private string Comparison(ComparisonNode c)
        {
            var (left, type) = Scalar(c.Left);
            var right = Scalar(c.Right, type);
            return $"({left} {c.Operator.Symbol()} {right})";
        }

        private string Like(LikeNode like)
        {
            var (value, type) = Scalar(like.Value);
            if (type != "text")
            {
                throw new FilterException("LIKE applies to text; this value is " + type, like.Value.Position);
            }
            if (like.Pattern is not LiteralOperand { Value: string })
            {
                throw new FilterException("the LIKE pattern must be a quoted string", like.Pattern.Position);
            }
            return $"({value} {(like.Negated ? "NOT " : "")}LIKE {Scalar(like.Pattern, "text")})";
        }

        private string Between(BetweenNode between)
        {
            var (value, type) = Scalar(between.Value);
            if (type is not ("number" or "date" or "timestamp"))
            {
                throw new FilterException("BETWEEN applies to numbers and dates; this value is " + type, between.Value.Position);
            }
            return $"({value} {(between.Negated ? "NOT " : "")}BETWEEN {Scalar(between.Low, type)} AND {Scalar(between.High, type)})";
        }

        private string In(InNode @in)
        {
            var (value, type) = Scalar(@in.Value);
            return $"({value} {(@in.Negated ? "NOT " : "")}IN ({string.Join(", ", @in.List.Select(item => Scalar(item, type)))}))";
        }

        private string Null(Operand operand) => operand is PropertyOperand { Name: GeometryQueryable } p && !predicate._fieldTypes.ContainsKey(p.Name)
            ? $"{alias}.geom"
            : operand is PropertyOperand property ? Property(property).Sql : Scalar(operand).Sql;

        /// <summary>A scalar's SQL and its type; with <paramref name="expected"/>, a different type is an error.</summary>
        private string Scalar(Operand operand, string expected)
        {
            var (sql, type) = Scalar(operand);
            return type == expected ? sql
                : throw new FilterException($"cannot compare {expected} with {type}" + (expected == "date" ? " (write dates as DATE('yyyy-mm-dd'))" : ""), operand.Position);
        }

        private (string Sql, string Type) Scalar(Operand operand) => operand switch
        {
            PropertyOperand property => Property(property),
            LiteralOperand { Value: string s } => (Add(s, NpgsqlDbType.Text), "text"),
            LiteralOperand { Value: double d } => (Add(d, NpgsqlDbType.Double), "number"),
            LiteralOperand { Value: bool b } => (Add(b, NpgsqlDbType.Boolean), "boolean"),
            LiteralOperand { Value: DateOnly day } => (Add(day, NpgsqlDbType.Date), "date"),
            LiteralOperand { Value: DateTimeOffset instant } => (Add(instant.UtcDateTime, NpgsqlDbType.TimestampTz), "timestamp"),
            GeometryOperand => throw new FilterException("a geometry can only be used in S_INTERSECTS", operand.Position),
            _ => throw new FilterException("unsupported value", operand.Position),
        };

        /// <summary>A field of the dataset, read from the jsonb attributes by a name given as a parameter and cast to its
        /// catalog type (every stored value has that type, so the cast cannot fail).</summary>
        private (string Sql, string Type) Property(PropertyOperand property)
        {
            if (!predicate._fieldTypes.TryGetValue(property.Name, out var fieldType))
            {
                throw property.Name == GeometryQueryable
                    ? new FilterException("geometry can only be used in S_INTERSECTS and IS NULL", property.Position)
                    : new UnknownQueryableException(property.Name, property.Position);
            }
            var value = $"({alias}.properties ->> {Add(property.Name, NpgsqlDbType.Text)})";
            return fieldType switch
            {
                "integer" or "real" => ($"{value}::double precision", "number"),
                "boolean" => ($"{value}::boolean", "boolean"),
                "date" => ($"{value}::date", "date"),
                _ => (value, "text"),
            };
        }

        private string Intersects(IntersectsNode node)
        {
            var (literal, property) = (node.Left, node.Right) switch
            {
                (GeometryOperand l, PropertyOperand p) => (l, p),
                (PropertyOperand p, GeometryOperand l) => (l, p),
                _ => throw new FilterException("S_INTERSECTS needs the geometry queryable and a geometry literal", node.Left.Position),
            };
            if (property.Name != GeometryQueryable)
            {
                throw predicate._fieldTypes.ContainsKey(property.Name)
                    ? new FilterException($"'{property.Name}' is not a geometry; use {GeometryQueryable}", property.Position)
                    : new UnknownQueryableException(property.Name, property.Position);
            }
            var crs = predicate._filterCrs;
            var geometry = Checked(literal, crs);
            var wkb = $"ST_GeomFromWKB({Add(new WKBWriter().Write(geometry), NpgsqlDbType.Bytea)}, {crs.Srid})";
            var g = crs.LatitudeFirst ? $"ST_FlipCoordinates({wkb})" : wkb;
            // Only geom_3857 is indexed, so each form first narrows by it (as the bbox parameter does).
            return crs.Srid switch
            {
                4326 => $"({alias}.geom_3857 && ST_Transform(ST_MakeEnvelope(greatest(ST_XMin({g}), -180), greatest(ST_YMin({g}), -85.05), "
                    + $"least(ST_XMax({g}), 180), least(ST_YMax({g}), 85.05), 4326), 3857) AND ST_Intersects({alias}.geom, {g}))",
                3857 => $"({alias}.geom_3857 && {g} AND ST_Intersects({alias}.geom_3857, {g}))",
                _ => $"({alias}.geom_3857 && ST_Expand(ST_Transform(ST_Segmentize(ST_Envelope({g}), 100), 3857), 1) "
                    + $"AND ST_Intersects(ST_Transform({alias}.geom, {crs.Srid}), {g}))",
            };
        }

        private string Add(object value, NpgsqlDbType type)
        {
            parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
            return $"${parameters.Count}";
        }
    }

    /// <summary>A literal PostGIS can use as it is: valid (GEOS refuses self-intersecting polygons) and within where
    /// its CRS is defined, as written (latitude first for EPSG:4326).</summary>
    private static Geometry Checked(GeometryOperand literal, FeatureCrs crs)
    {
        var geometry = literal.Geometry;
        if (!geometry.IsValid)
        {
            throw new FilterException("the geometry is not valid (a polygon crosses itself or is not closed)", literal.Position);
        }
        var (minX, minY, maxX, maxY) = crs.Srid switch
        {
            4326 when crs.LatitudeFirst => (-90.0, -180.0, 90.0, 180.0),
            4326 => (-180.0, -90.0, 180.0, 90.0),
            3857 => (-MercatorHalfWorld, -MercatorHalfWorld, MercatorHalfWorld, MercatorHalfWorld),
            _ => (HongKongExtent.Hk1980Grid.MinX - GridMargin, HongKongExtent.Hk1980Grid.MinY - GridMargin,
                HongKongExtent.Hk1980Grid.MaxX + GridMargin, HongKongExtent.Hk1980Grid.MaxY + GridMargin),
        };
        var envelope = geometry.EnvelopeInternal;
        return geometry.IsEmpty || (envelope.MinX >= minX && envelope.MaxX <= maxX && envelope.MinY >= minY && envelope.MaxY <= maxY)
            ? geometry
            : throw new FilterException($"the geometry's coordinates are outside EPSG:{crs.Srid}'s range in filter-crs's axis order", literal.Position);
    }

    private const double MercatorHalfWorld = 20_037_508.342789244;

    private const double GridMargin = 100_000;
}
