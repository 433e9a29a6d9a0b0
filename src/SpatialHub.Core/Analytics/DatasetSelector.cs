using System.Globalization;
using SpatialHub.Core.Catalog;

namespace SpatialHub.Core.Analytics;

/// <summary>A dataset named by an analytics parameter: <c>id</c> for its current version, or <c>id@version</c> to
/// insist on one version (a request pinned to versions has an answer that never changes). '@' cannot occur in a
/// dataset id, so the two never mix up.</summary>
public sealed record DatasetSelector(string Id, long? Version)
{
    public static DatasetSelector Parse(string parameter, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new AnalyticsParameterException(parameter, $"{parameter} is required: a dataset id such as 'wifi-hk', optionally with '@version'.");
        }
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var id = at < 0 ? text : text[..at];
        if (!DatasetId.IsValid(id))
        {
            throw new AnalyticsParameterException(parameter, $"{parameter}: '{Shorten(id)}' is not a dataset id (lower-case letters, digits, '-' or '_').");
        }
        if (at < 0)
        {
            return new DatasetSelector(id, null);
        }
        var version = text[(at + 1)..];
        return long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? new DatasetSelector(id, number)
            : throw new AnalyticsParameterException(parameter, $"{parameter}: version '{Shorten(version)}' is not a positive whole number.");
    }

    /// <summary>Checks a catalog entry (null: unknown) against the selector; throws <see cref="AnalyticsNotFoundException"/>.</summary>
    public Dataset Check(string parameter, Dataset? current)
    {
        if (current is null)
        {
            throw new AnalyticsNotFoundException(parameter, $"{parameter}: dataset '{Id}' does not exist.");
        }
        if (Version is { } version && version != current.Version)
        {
            throw new AnalyticsNotFoundException(parameter,
                $"{parameter}: dataset '{Id}' has no version {version}; its current version is {current.Version} (older versions are not kept).");
        }
        return current;
    }

    /// <summary>Echoes client text into a message at most 80 characters long.</summary>
    public static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
