using System.Text.RegularExpressions;

namespace SpatialHub.Core.Publishing;

/// <summary>The datasets a publisher may write: dataset ids (<c>lcsd-parks</c>) or prefixes ending in <c>*</c>
/// (<c>lcsd-*</c>). A lone <c>*</c> is every dataset.</summary>
public sealed partial class PublisherScope
{
    [GeneratedRegex(@"^([a-z0-9][a-z0-9_-]{0,62}\*?|\*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex PatternRule();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameRule();

    public PublisherScope(IEnumerable<string> patterns)
    {
        Patterns = patterns.ToList();
        if (Patterns.Count == 0)
        {
            throw new InvalidPublisherException("A publisher needs at least one dataset pattern (--datasets lcsd-*).");
        }
        foreach (var pattern in Patterns.Where(p => !PatternRule().IsMatch(p)))
        {
            throw new InvalidPublisherException(
                $"Invalid dataset pattern '{(pattern.Length > 80 ? pattern[..80] + "…" : pattern)}': use a dataset id, or a prefix of one followed by '*'.");
        }
    }

    public IReadOnlyList<string> Patterns { get; }

    public bool Allows(string datasetId) => Patterns.Any(p => p.EndsWith('*')
        ? datasetId.StartsWith(p[..^1], StringComparison.Ordinal)
        : string.Equals(p, datasetId, StringComparison.Ordinal));

    /// <summary>Patterns as typed on the command line: comma-separated.</summary>
    public static PublisherScope Parse(string patterns) =>
        new(patterns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Publisher names follow the dataset id rule: they appear in the audit trail and in messages.</summary>
    public static string ValidateName(string? name) => name is not null && NameRule().IsMatch(name)
        ? name
        : throw new InvalidPublisherException("A publisher name is 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit.");
}

/// <summary>A publisher name or dataset pattern that breaks the rules, or a publisher that does not exist.</summary>
public sealed class InvalidPublisherException(string message) : Exception(message);
