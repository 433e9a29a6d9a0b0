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
public sealed record FieldDefinition(string Name, FieldType Type);
