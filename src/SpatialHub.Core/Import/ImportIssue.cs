namespace SpatialHub.Core.Import;

/// <summary>One problem found in a source file: where it is and what is wrong.</summary>
/// <param name="File">The file name as the user gave it.</param>
/// <param name="Line">The line number (text formats) or the 1-based feature index (GeoJSON).</param>
/// <param name="Field">The field or column concerned, when there is one.</param>
/// <param name="Value">The offending value, shortened, when there is one.</param>
/// <param name="Reason">What is wrong, in plain words.</param>
public sealed record ImportIssue(string File, long Line, string? Field, string? Value, string Reason)
{
    public override string ToString()
    {
        var where = Field is null ? $"{File}:{Line}" : $"{File}:{Line} field '{Field}'";
        return Value is null ? $"{where}: {Reason}" : $"{where}: {Reason} (value '{Value}')";
    }
}
