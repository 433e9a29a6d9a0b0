using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SpatialHub.Core.Catalog;

/// <summary>A dataset id: a URL path segment and MVT layer name of lower-case letters, digits, '-' and '_', at most
/// 63 characters. The database enforces the same rule. Being <see cref="IParsable{TSelf}"/>, minimal APIs bind it
/// from route and query values, so an endpoint that takes one never sees a malformed id.</summary>
public readonly partial record struct DatasetId : IParsable<DatasetId>
{
    public const int MaxLength = 63;

    private readonly string? value;

    private DatasetId(string value) => this.value = value;

    /// <summary>The id's text; a <c>default</c> id (never parsed) has none and throws.</summary>
    public string Value => value ?? throw new InvalidOperationException("A default DatasetId has no value.");

    public override string ToString() => value ?? "";

    // Lets the (string-keyed) catalog, SQL and cache APIs take a parsed id unchanged.
    public static implicit operator string(DatasetId id) => id.Value;

    // \z, not $: .NET's $ also matches before a final "\n", which PostgreSQL's check then refuses (a 500, not a 400).
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>Throws <see cref="InvalidDatasetIdException"/> naming the id when it is not valid.</summary>
    public static string Validate(string? id) => IsValid(id) ? id : throw new InvalidDatasetIdException(id ?? "");

    public static bool TryParse([NotNullWhen(true)] string? s, out DatasetId result)
    {
        result = IsValid(s) ? new DatasetId(s) : default;
        return s is not null && result.value is not null;
    }

    /// <summary>Throws <see cref="InvalidDatasetIdException"/> naming the id when it is not valid.</summary>
    public static DatasetId Parse(string? s) => new(Validate(s));

    static DatasetId IParsable<DatasetId>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<DatasetId>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out DatasetId result) =>
        TryParse(s, out result);
}

/// <summary>A dataset id that breaks the <see cref="DatasetId"/> rule; <see cref="Parameter"/> names the request
/// parameter or option it came from, when known.</summary>
public sealed class InvalidDatasetIdException(string id, string? parameter = null)
    : Exception($"Invalid dataset id '{(id.Length > 80 ? id[..80] + "…" : id)}'{(parameter is null ? "" : $" in '{parameter}'")}: use 1 to {DatasetId.MaxLength} lower-case letters, digits, '-' or '_', starting with a letter or digit.")
{
    public string Id { get; } = id;

    public string? Parameter { get; } = parameter;
}
