namespace SpatialHub.Core.Projection;

/// <summary>A line of coordinate text that could not be read or transformed.</summary>
public sealed class CoordinateLineException(int lineNumber, string lineText, string reason)
    : Exception($"Line {lineNumber}: {reason}: '{Shorten(lineText)}'")
{
    /// <summary>The 1-based line number in the input.</summary>
    public int LineNumber { get; } = lineNumber;

    /// <summary>The line as read.</summary>
    public string LineText { get; } = lineText;

    /// <summary>What was wrong with it, without the line number or text.</summary>
    public string Reason { get; } = reason;

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
