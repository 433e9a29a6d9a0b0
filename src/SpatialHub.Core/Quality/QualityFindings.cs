using System.Globalization;

namespace SpatialHub.Core.Quality;

/// <summary>The report's findings as sentences a publisher can forward, e.g. "1 of 306 rows: WGS84 and HK1980 disagree by 37 m".</summary>
internal static class QualityFindings
{
    public static IReadOnlyList<string> Describe(
        long features, CoordinatePairReport? pairs, ZoneReport? zones, DuplicateReport? duplicates, long round, IReadOnlyList<MixedTypeField> mixed)
    {
        var findings = new List<string>();
        if (pairs is { BeyondTolerance: > 0 })
        {
            var worst = pairs.MaxMetres is { } max ? QualityText.Metres(max) : "an impossible position";
            findings.Add(pairs.BeyondTolerance == 1
                ? Text($"1 of {pairs.Compared:N0} rows: WGS84 and HK1980 disagree by {worst}")
                : Text($"{pairs.BeyondTolerance:N0} of {pairs.Compared:N0} rows: WGS84 and HK1980 disagree by more than {QualityText.Metres(pairs.ToleranceMetres)} (up to {worst})"));
        }
        if (zones is { Mismatched: > 0 })
        {
            findings.Add(Text($"{zones.Mismatched:N0} of {zones.Checked:N0} features: {zones.Field} names another zone than the one they fall in ({zones.ZoneLayer.Title})"));
        }
        if (duplicates is { Features: > 0 })
        {
            findings.Add(Text($"{duplicates.Features:N0} of {features:N0} features share a position (within {QualityText.Metres(duplicates.ToleranceMetres)}) with another"));
        }
        if (round > 0)
        {
            findings.Add(Text($"{round:N0} of {features:N0} features are on round-number coordinates (placeholder positions?)"));
        }
        foreach (var field in mixed)
        {
            findings.Add(Text($"{field.Field} mixes {string.Join(" and ", field.Counts.Select(c => $"{c.Value:N0} {c.Key}"))} values (stored as {field.StoredAs})"));
        }
        return findings;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
