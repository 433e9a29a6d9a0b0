using System.Globalization;
using SpatialHub.Core.Quality;

namespace SpatialHub.Server.Quality;

/// <summary>The quality part of <c>spatialhub import</c>'s output: the summary line, then what was compared.</summary>
internal static class QualitySummary
{
    public static void Print(QualityReport? report)
    {
        if (report is null)
        {
            Console.WriteLine("Quality: not checked (SpatialHub:Quality:Enabled is false)");
            return;
        }
        Console.WriteLine($"Quality: {report.Summary}");
        if (report.PositionBuiltFrom is { } builtFrom)
        {
            Console.WriteLine($"  position built from {builtFrom}");
        }
        if (report.CoordinatePairs is { MedianMetres: { } median } pairs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {pairs.Projected} against {pairs.Geographic} over {pairs.Compared:N0} rows: median {Metres(median)}, p95 {Metres(pairs.P95Metres)}, max {Metres(pairs.MaxMetres)}"));
        }
        foreach (var row in report.CoordinatePairs?.Rows.Take(10) ?? [])
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  line {row.Line}: {row.Reason} (E {row.Easting}, N {row.Northing}; lat {row.Latitude}, lon {row.Longitude})"));
        }
        if (report.Zones is { } zones)
        {
            Console.WriteLine($"  {zones.Field} checked against {zones.ZoneLayer.Title} ('{zones.ZoneLayer.Id}', {zones.ZoneLayer.Attribution ?? zones.ZoneLayer.SourceFile})");
        }
        Console.WriteLine($"  report: GET /api/datasets/{report.DatasetId}/quality (f=csv lists the {report.Flagged.Count:N0} flagged features)");
    }

    private static string Metres(double? metres) => metres is { } m ? QualityText.Metres(m) : "n/a";
}
