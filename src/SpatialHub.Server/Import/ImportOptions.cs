using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Import;

/// <summary>The <c>SpatialHub:Import</c> section: the bounds every import (upload, CLI, samples) is held to, and how
/// GDAL is confined. See docs/operations.md, "Threat model for uploads".</summary>
public sealed class ImportOptions
{
    public const string Section = "SpatialHub:Import";

    /// <summary>Longest an import may run once the upload is on disk (reading, GDAL, writing), in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 600;

    /// <summary>Uploads imported at once by this process; more get 503 with Retry-After.</summary>
    public int MaxConcurrentImports { get; set; } = 2;

    /// <summary>Most rows (features, valid or not) one file may hold.</summary>
    public long MaxRows { get; set; } = 20_000_000;

    /// <summary>Largest single feature: 16 bytes a vertex (24 with z) plus the characters of its attribute names and values.</summary>
    public long MaxFeatureBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Most bytes an archive (zip, kmz) may unpack to, all entries together.</summary>
    public long MaxArchiveBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Most entries (files and folders) an archive may hold.</summary>
    public int MaxArchiveEntries { get; set; } = 10_000;

    /// <summary>Largest ratio of unpacked to packed size for one archive entry.</summary>
    public int MaxCompressionRatio { get; set; } = 500;

    /// <summary>The user GDAL runs as when the service runs as root (its uid and primary group from /etc/passwd).</summary>
    public string SandboxUser { get; set; } = "nobody";

    /// <summary>Read GDAL formats even where the sandbox (no network, unprivileged user) cannot be set up. Off: such
    /// uploads are refused with 415, and CSV and GeoJSON still work.</summary>
    public bool AllowUnsandboxedGdal { get; set; }

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}

/// <summary>Checks <see cref="ImportOptions"/> at start (serve) and before an import (CLI).</summary>
public sealed class ImportOptionsValidator : IValidateOptions<ImportOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportOptions options)
    {
        var errors = new List<string>();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                errors.Add($"{ImportOptions.Section}:{message}");
            }
        }
        Require(options.TimeoutSeconds is > 0 and <= 86_400, "TimeoutSeconds must be between 1 and 86400.");
        Require(options.MaxConcurrentImports is > 0 and <= 1_000, "MaxConcurrentImports must be between 1 and 1000.");
        Require(options.MaxRows > 0, "MaxRows must be positive.");
        Require(options.MaxFeatureBytes > 0, "MaxFeatureBytes must be positive.");
        Require(options.MaxArchiveBytes > 0, "MaxArchiveBytes must be positive.");
        Require(options.MaxArchiveEntries > 0, "MaxArchiveEntries must be positive.");
        Require(options.MaxCompressionRatio > 0, "MaxCompressionRatio must be positive.");
        Require(!string.IsNullOrWhiteSpace(options.SandboxUser) && options.SandboxUser.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
            "SandboxUser must be a user name.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
