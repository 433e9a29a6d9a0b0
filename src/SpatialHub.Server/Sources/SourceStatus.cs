using System.Text.Json.Serialization;
using SpatialHub.PostGis.Sources;

namespace SpatialHub.Server.Sources;

/// <summary>One refreshed source as /catalog and /health show it.</summary>
/// <param name="Source">The URL without its query (which may carry tokens), or the file name.</param>
public sealed record SourceStatusEntry(
    string Dataset, string Source, bool Stale, DateTimeOffset? CheckedAt, DateTimeOffset? SucceededAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error, long? Version);

/// <summary>The refresher's last view of every configured source, kept in memory so that /catalog stays a memory
/// read. Reloaded from the database after each attempt, so a replica that did not run a refresh still shows it.</summary>
public sealed class SourceStatus
{
    private volatile IReadOnlyList<SourceStatusEntry>? _current;

    public SourceStatus(Microsoft.Extensions.Options.IOptions<SourcesOptions> options)
    {
        if (options.Value.Refresh.Count > 0)
        {
            Update(options.Value.Refresh, []); // listed, not checked yet
        }
    }

    /// <summary>Null when no source is configured (the documents then leave the member out).</summary>
    public IReadOnlyList<SourceStatusEntry>? Current => _current;

    internal void Update(IReadOnlyList<RefreshedSource> configured, IReadOnlyList<SourceState> states)
    {
        _current = configured.Select(c => states.FirstOrDefault(s => s.DatasetId == c.Dataset) is { } s
                ? new SourceStatusEntry(c.Dataset, Shown(c.Source), s.IsStale, s.CheckedAt, s.SucceededAt, s.IsStale ? s.Error : null, s.Version)
                : new SourceStatusEntry(c.Dataset, Shown(c.Source), false, null, null, null, null))
            .ToList();
    }

    private static string Shown(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? PageFetcher.Shown(url)
            : Path.GetFileName(source);
}
