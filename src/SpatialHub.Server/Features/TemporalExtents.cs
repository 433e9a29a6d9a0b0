using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Features;

namespace SpatialHub.Server.Features;

/// <summary>A collection's <c>extent.temporal</c> (OGC API – Features 1.0, 7.14.4): one interval in the Gregorian
/// calendar, or <c>null</c> ends for "unbounded".</summary>
public sealed record TemporalExtent(IReadOnlyList<IReadOnlyList<string?>> Interval, string Trs)
{
    public const string Gregorian = "http://www.opengis.net/def/uri/ISO-8601/0/Gregorian";

    /// <summary>A dataset without a time field: <c>datetime</c> keeps all its features whatever the time asked for.</summary>
    public static TemporalExtent Unbounded { get; } = new([[null, null]], Gregorian);
}

/// <summary>
/// Temporal extents from the min and max of each dataset's configured time field (<c>SpatialHub:Features:TimeFields</c>),
/// computed once per dataset version (a full scan of the field) and kept until the next import.
/// </summary>
/// <remarks>The interval runs from the start (UTC) of the earliest day to the start of the latest: the narrowest
/// <c>datetime</c> interval that keeps every dated feature, since a day matches every instant it overlaps. A time
/// field with no value at all has no extent (no <c>datetime</c> matches any feature); no time field is unbounded.</remarks>
public sealed class TemporalExtents(IOptions<FeaturesOptions> options)
{
    private readonly ConcurrentDictionary<string, (long Version, string Field, TemporalExtent? Extent)> _known = new(StringComparer.Ordinal);

    public async ValueTask<TemporalExtent?> OfAsync(Dataset dataset, FeatureQuery features, CancellationToken cancellationToken)
    {
        if (FilterParameters.TimeField(dataset, options.Value) is not { } field)
        {
            return TemporalExtent.Unbounded;
        }
        if (_known.TryGetValue(dataset.Id, out var known) && known.Version == dataset.Version && known.Field == field)
        {
            return known.Extent;
        }
        var (first, last) = await features.DayRangeAsync(dataset, field, cancellationToken);
        TemporalExtent? extent = first is { } start && last is { } end ? new([[Instant(start), Instant(end)]], TemporalExtent.Gregorian) : null;
        _known[dataset.Id] = (dataset.Version, field, extent);
        return extent;
    }

    private static string Instant(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
}
