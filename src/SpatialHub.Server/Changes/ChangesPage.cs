using System.Globalization;
using SpatialHub.Core.Analytics;
using SpatialHub.PostGis.Versions;

namespace SpatialHub.Server.Changes;

/// <summary>The slice of a change listing one response carries (<c>limit</c>, <c>offset</c>): a re-import can change
/// every feature, and one answer must not grow with the dataset. The counts always describe the whole listing.</summary>
public sealed record ChangesPage(int Offset, int Limit)
{
    public const int DefaultLimit = 1_000;
    public const int MaxLimit = 10_000;

    public static ChangesPage Parse(string? limit, string? offset) =>
        new(Whole("offset", offset, 0, int.MaxValue, 0), Whole("limit", limit, 1, MaxLimit, DefaultLimit));

    public IEnumerable<FeatureChange> Of(ChangeSet changes) => changes.Features.Skip(Offset).Take(Limit);

    public int Returned(ChangeSet changes) => (int)Math.Clamp(changes.Features.Count - (long)Offset, 0, Limit);

    /// <summary>More changes follow this page.</summary>
    public bool Truncated(ChangeSet changes) => (long)Offset + Limit < changes.Features.Count;

    private static int Whole(string parameter, string? text, int min, int max, int fallback) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw new AnalyticsParameterException(parameter,
            $"{parameter} must be a whole number from {min} to {max.ToString(CultureInfo.InvariantCulture)}, not '{DatasetSelector.Shorten(text)}'.");
}
