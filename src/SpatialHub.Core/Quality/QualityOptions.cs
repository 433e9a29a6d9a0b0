namespace SpatialHub.Core.Quality;

/// <summary>The import's data-quality checks (section <c>SpatialHub:Quality</c>). They inform and never refuse a row.</summary>
public sealed class QualityOptions
{
    public const string Section = "SpatialHub:Quality";

    /// <summary>Off skips every check (and stores no report); for measuring what they cost.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rows whose two coordinate pairs are further apart than this are listed.</summary>
    public double ToleranceMetres { get; set; } = 5;

    /// <summary>Point features at most this far apart are duplicates.</summary>
    public double DuplicateMetres { get; set; } = 0.5;

    /// <summary>A field names zones when at least this share of its non-empty values is a zone's name.</summary>
    public double ZoneMatchShare { get; set; } = 0.9;

    /// <summary>How many rows each check lists; counts are always complete.</summary>
    public int MaxListed { get; set; } = 1000;

    /// <summary>What is wrong with the options, or null when they are usable.</summary>
    public string? Problem() =>
        ToleranceMetres is > 0 and <= 1_000_000 ? DuplicateMetres is > 0 and <= 100 ? ZoneMatchShare is >= 0.5 and <= 1 ? MaxListed is > 0 and <= 100_000
            ? null
            : $"{Section}:MaxListed must be between 1 and 100000."
            : $"{Section}:ZoneMatchShare must be between 0.5 and 1."
            : $"{Section}:DuplicateMetres must be above 0 and at most 100."
            : $"{Section}:ToleranceMetres must be above 0 and at most 1000000.";
}

/// <summary>The checks one import runs: the configured options, and optionally the field that names zones (found
/// automatically otherwise) and the zone layer's dataset id (any polygon dataset otherwise).</summary>
public sealed record QualityRequest(QualityOptions Options, string? ZoneField = null, string? ZoneLayer = null);
