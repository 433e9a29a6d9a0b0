using System.Globalization;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;
using Spectre.Console;

namespace SpatialHub.Server.Cli;

/// <summary>Shows an import's progress: a live bar (rows, rows/s, ETA) on a terminal, plain lines otherwise.</summary>
internal static class ImportProgressDisplay
{
    public static async Task<ImportReport> RunAsync(Stream? source, Func<IProgress<ImportProgress>, Task<ImportReport>> import)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return await import(new PlainLines(source));
        }
        ImportReport? report = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("reading", maxValue: Math.Max(1, source?.Length ?? 1));
                task.IsIndeterminate = source is null;
                report = await import(new Synchronous(p =>
                {
                    task.Value = source?.Position ?? 0;
                    task.Description = $"{p.RowsRead:N0} rows, {Rate(p):N0} rows/s";
                }));
                task.Value = task.MaxValue;
            });
        return report!;
    }

    public static void PrintSummary(ImportReport report)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Imported '{report.DatasetId}' version {report.Version}: {report.RowsRead:N0} rows read, {report.Imported:N0} imported, " +
            $"{report.Skipped:N0} skipped, {report.Elapsed.TotalSeconds:F1} s, {report.RowsPerSecond:N0} rows/s " +
            $"({report.GeometryType}, source EPSG:{report.SourceSrid})"));
        if (report.ClusterPyramidTime is { } pyramid)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cluster pyramid built in {pyramid.TotalSeconds:F2} s"));
        }
        foreach (var issue in report.Issues)
        {
            Console.WriteLine($"  skipped {issue}");
        }
        if (report.Skipped > report.Issues.Count)
        {
            Console.WriteLine($"  ... and {report.Skipped - report.Issues.Count:N0} more skipped rows");
        }
        foreach (var repair in report.Repaired)
        {
            Console.WriteLine($"  repaired {repair}");
        }
    }

    public static void PrintRefusal(ImportFailedException e)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        foreach (var issue in e.Issues)
        {
            Console.Error.WriteLine($"  {issue}");
        }
        if (e.TotalIssues > e.Issues.Count)
        {
            Console.Error.WriteLine($"  ... {e.TotalIssues:N0} problems in all; the first {e.Issues.Count} are listed.");
        }
    }

    private static double Rate(ImportProgress p) => p.Elapsed.TotalSeconds > 0 ? p.RowsRead / p.Elapsed.TotalSeconds : 0;

    private sealed class Synchronous(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }

    private sealed class PlainLines(Stream? source) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress p)
        {
            var fraction = source is { CanSeek: true, Length: > 0 } ? (double)source.Position / source.Length : 0;
            var eta = fraction > 0 ? TimeSpan.FromSeconds(p.Elapsed.TotalSeconds * (1 - fraction) / fraction) : TimeSpan.Zero;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"progress: {p.RowsRead:N0} rows, {p.Imported:N0} imported, {p.Skipped:N0} skipped, {Rate(p):N0} rows/s, {fraction:P0}, ETA {eta:mm\\:ss}"));
        }
    }
}
