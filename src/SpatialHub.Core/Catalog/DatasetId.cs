using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SpatialHub.Core.Catalog;

/// <summary>Dataset ids are URL path segments and MVT layer names: lower-case letters, digits, '-' and '_',
/// at most 63 characters. The database enforces the same rule.</summary>
public static partial class DatasetId
{
    public const int MaxLength = 63;

    // \z, not $: .NET's $ also matches before a final "\n", which PostgreSQL's check then refuses (a 500, not a 400).
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && Pattern().IsMatch(id);

    /// <summary>Throws <see cref="InvalidDatasetIdException"/> naming the id when it is not valid.</summary>
    public static string Validate(string? id) => IsValid(id) ? id : throw new InvalidDatasetIdException(id ?? "");
}

/// <summary>A dataset id that breaks the <see cref="DatasetId"/> rule.</summary>
public sealed class InvalidDatasetIdException(string id)
    : Exception($"Invalid dataset id '{(id.Length > 80 ? id[..80] + "…" : id)}': use 1 to {DatasetId.MaxLength} lower-case letters, digits, '-' or '_', starting with a letter or digit.")
{
    public string Id { get; } = id;
}
