using System.Globalization;

namespace SpatialHub.Core.Import;

/// <summary>The type of an attribute column, from narrowest to the catch-all <see cref="Text"/>.</summary>
public enum FieldType
{
    Text,
    Integer,
    Real,
    Boolean,
    Date,
}

/// <summary>One attribute column of a source file and the type inferred for it.</summary>
/// <param name="Name">The column name as the file spells it (made unique and non-empty).</param>
/// <param name="Type">The type every value of the column fits.</param>
public sealed record FieldDefinition(string Name, FieldType Type)
{
    /// <summary>
    /// Converts a value a reader yielded into this field's type. Needed because types are inferred from a sample:
    /// features yielded before a later row widened the column (Integer to Real, or anything to Text) carry the
    /// narrower value. Text conversion is invariant and reproduces the source text, except that reals lose
    /// insignificant zeros ("1.50" becomes "1.5").
    /// </summary>
    public object? Coerce(object? value) => (Type, value) switch
    {
        (_, null) => null,
        (FieldType.Text, string s) => s,
        (FieldType.Text, bool b) => b ? "True" : "False",
        (FieldType.Text, DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        (FieldType.Text, IFormattable f) => f.ToString(null, CultureInfo.InvariantCulture),
        (FieldType.Real, long l) => (double)l,
        _ => value,
    };
}
