using System.Globalization;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Filtering;
using SpatialHub.PostGis.Features;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Features;

/// <summary>
/// OGC API – Features Part 3 and Part 1 <c>datetime</c> as one <see cref="FeaturePredicate"/>: <c>filter</c>
/// (<c>filter-lang=cql2-text|cql2-json</c>, <c>filter-crs</c> for its geometry literals), <c>property=value</c> for any
/// queryable, and <c>datetime</c> on the dataset's configured time field. Every error is a 400 naming the parameter
/// (and, for a filter, the position in it).
/// </summary>
public static class FilterParameters
{
    public const string TextEncoding = "cql2-text";
    public const string JsonEncoding = "cql2-json";

    /// <summary>Longest filter accepted: room for a polygon of a few hundred vertices, within every URL limit.</summary>
    public const int MaxFilterLength = 8_000;

    /// <summary>A CQL2 filter string as a predicate on <paramref name="dataset"/>, or a <see cref="RequestValidationException"/>
    /// naming <c>filter</c> (or <c>filter-lang</c>, <c>filter-crs</c>). Analytics take the same filter through this.</summary>
    public static FeaturePredicate Parse(string filter, string? filterLang, string? filterCrs, Dataset dataset)
    {
        var encoding = filterLang switch
        {
            null or TextEncoding => FilterEncoding.Cql2Text,
            JsonEncoding => FilterEncoding.Cql2Json,
            _ => throw ItemsParameters.Invalid("Invalid filter-lang", $"filter-lang must be {TextEncoding} or {JsonEncoding}, not '{ItemsParameters.Truncate(filterLang)}'."),
        };
        if (filter.Length > MaxFilterLength)
        {
            throw ItemsParameters.Invalid("Invalid filter", $"filter is longer than {MaxFilterLength} characters.");
        }
        var (_, crs) = OgcCrs.Parse("filter-crs", filterCrs);
        try
        {
            return FeaturePredicate.Parse(filter, encoding, dataset, crs);
        }
        catch (UnknownQueryableException e)
        {
            throw ItemsParameters.Invalid("Unknown queryable", $"filter: {e.Reason} (at {e.Position}).");
        }
        catch (FilterException e)
        {
            throw ItemsParameters.Invalid("Invalid filter", $"filter ({(encoding == FilterEncoding.Cql2Json ? JsonEncoding : TextEncoding)}): {e.Reason} at {e.Position}.");
        }
    }

    /// <summary><c>name=value</c> for a queryable: equality, the value read as the field's type.</summary>
    public static FilterNode PropertyEquals(DatasetField field, string value)
    {
        object literal = field.Type switch
        {
            "integer" or "real" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? number : throw ItemsParameters.Invalid($"Invalid {field.Name}", $"{field.Name} is a number field; '{ItemsParameters.Truncate(value)}' is not a number."),
            "boolean" => value is "true" or "false" ? value == "true"
                : throw ItemsParameters.Invalid($"Invalid {field.Name}", $"{field.Name} is a boolean field; give true or false."),
            "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day : throw ItemsParameters.Invalid($"Invalid {field.Name}", $"{field.Name} is a date field; give yyyy-MM-dd."),
            _ => value,
        };
        var where = $"parameter {field.Name}";
        return new ComparisonNode(new PropertyOperand(field.Name, where), ComparisonOperator.Equal, new LiteralOperand(literal, where));
    }

    /// <summary><c>datetime</c> on a date field: a feature's day overlaps the instant or interval (UTC days; open ends
    /// unbounded).</summary>
    internal static FilterNode? DateTime(DateTimeParameter dateTime, string field)
    {
        var where = "parameter datetime";
        var conditions = new List<FilterNode>();
        if (dateTime.Start is { } start)
        {
            conditions.Add(new ComparisonNode(new PropertyOperand(field, where), ComparisonOperator.GreaterOrEqual,
                new LiteralOperand(DateOnly.FromDateTime(start.UtcDateTime), where)));
        }
        if (dateTime.End is { } end)
        {
            conditions.Add(new ComparisonNode(new PropertyOperand(field, where), ComparisonOperator.LessOrEqual,
                new LiteralOperand(DateOnly.FromDateTime(end.UtcDateTime), where)));
        }
        return conditions.Count switch { 0 => null, 1 => conditions[0], _ => new AndNode(conditions) };
    }

    /// <summary>The dataset's time field when it is configured and is a date field; else null (no temporal property).</summary>
    public static string? TimeField(Dataset dataset, FeaturesOptions options) =>
        options.TimeFields.TryGetValue(dataset.Id, out var name) && dataset.Fields.Any(f => f.Name == name && f.Type == "date") ? name : null;
}
