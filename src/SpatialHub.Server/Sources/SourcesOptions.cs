using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Sources;

/// <summary><c>SpatialHub:Sources</c>: where imports may fetch from (an operator's feature: the CLI and the
/// configured list below; the upload API never fetches), the bounds on what they fetch, and the refreshed sources.</summary>
public sealed class SourcesOptions
{
    public const string Section = "SpatialHub:Sources";

    /// <summary>Host names a URL import may reach: exact names, or <c>*.domain</c> for the domain and every name under it.</summary>
    public List<string> AllowedHosts { get; set; } = ["*.gov.hk"];

    /// <summary>Bytes one response may hold (a WFS page of 10,000 features is tens of megabytes).</summary>
    public long MaxResponseBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Bytes all the pages of one import may hold together.</summary>
    public long MaxTotalBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>How long one request may take, headers and body.</summary>
    public int RequestTimeoutSeconds { get; set; } = 120;

    /// <summary>Attempts per page before the import gives up (a failed page is retried, the pages before it are kept).</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>The wait before the first retry; it doubles for each later one.</summary>
    public int RetryDelayMilliseconds { get; set; } = 1_000;

    /// <summary>Pages one import may fetch: a server whose next links loop cannot keep it going forever.</summary>
    public int MaxPages { get; set; } = 10_000;

    /// <summary>The datasets <c>serve</c> keeps current, each from a URL or a file path on a schedule.</summary>
    public List<RefreshedSource> Refresh { get; set; } = [];

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);

    /// <summary>True when <paramref name="host"/> matches an entry of <see cref="AllowedHosts"/>.</summary>
    public bool Allows(string host) => AllowedHosts.Any(pattern => pattern.StartsWith("*.", StringComparison.Ordinal)
        ? host.Equals(pattern[2..], StringComparison.OrdinalIgnoreCase) || host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
        : host.Equals(pattern, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One dataset kept current by <c>serve</c>.</summary>
public sealed class RefreshedSource
{
    public string Dataset { get; set; } = "";

    /// <summary>An http(s) URL (a service or a file) or a file path on the server.</summary>
    public string Source { get; set; } = "";

    /// <summary>wfs, oapif, esri or file; empty to tell from the URL.</summary>
    public string? Service { get; set; }

    /// <summary>How often to look for a change, e.g. "01:00:00" (hourly) or "1.00:00:00" (daily).</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The field that identifies a feature across versions (change tracking); empty to guess.</summary>
    public string? Key { get; set; }

    public string? Title { get; set; }

    public string? Attribution { get; set; }

    public string? Layer { get; set; }
}

public sealed class SourcesOptionsValidator : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var failures = new List<string>();
        if (options.MaxResponseBytes <= 0 || options.MaxTotalBytes < options.MaxResponseBytes)
        {
            failures.Add($"{SourcesOptions.Section}:MaxResponseBytes must be positive and at most MaxTotalBytes.");
        }
        if (options.RequestTimeoutSeconds <= 0 || options.Attempts < 1 || options.RetryDelayMilliseconds < 0 || options.MaxPages < 1)
        {
            failures.Add($"{SourcesOptions.Section}: RequestTimeoutSeconds, Attempts and MaxPages must be at least 1, RetryDelayMilliseconds at least 0.");
        }
        foreach (var (source, index) in options.Refresh.Select((s, i) => (s, i)))
        {
            if (!Core.Catalog.DatasetId.IsValid(source.Dataset) || string.IsNullOrWhiteSpace(source.Source) || source.Every < TimeSpan.FromMinutes(1))
            {
                failures.Add($"{SourcesOptions.Section}:Refresh:{index}: needs a valid Dataset, a Source, and Every of at least one minute.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
