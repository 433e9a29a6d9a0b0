using System.Text.RegularExpressions;

namespace SpatialHub.Core.Publishing;

/// <summary>What CSDI and DATA.GOV.HK users look for first about a dataset. Every field is optional; a null field
/// means "not given" (an edit leaves it as it was), an empty string or list clears it.</summary>
/// <param name="Licence">An SPDX licence id (<c>CC-BY-4.0</c>) or the http(s) address of the terms.</param>
/// <param name="UpdateFrequency">An ISO 19115 maintenance frequency code (<see cref="Frequencies"/>).</param>
public sealed partial record DatasetMetadata(
    string? Description = null,
    string? Licence = null,
    string? SourceUrl = null,
    string? Department = null,
    IReadOnlyList<string>? Keywords = null,
    string? UpdateFrequency = null,
    string? Contact = null)
{
    public const int MaxDescriptionLength = 4000;
    public const int MaxTextLength = 500;
    public const int MaxKeywords = 30;
    public const int MaxKeywordLength = 60;

    /// <summary>The licence the samples are published under: DATA.GOV.HK's terms of use.</summary>
    public const string DataGovHkTerms = "https://data.gov.hk/en/terms-and-conditions";

    /// <summary>ISO 19115 MD_MaintenanceFrequencyCode, the vocabulary CSDI metadata uses.</summary>
    public static readonly IReadOnlyList<string> Frequencies =
    [
        "continual", "daily", "weekly", "fortnightly", "monthly", "quarterly", "biannually", "annually",
        "asNeeded", "irregular", "notPlanned", "unknown",
    ];

    // An SPDX short identifier, optionally "+" (or later) or a simple expression such as "MIT OR Apache-2.0".
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9.-]{0,63}\+?( (AND|OR|WITH) [A-Za-z0-9][A-Za-z0-9.-]{0,63}\+?){0,4}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SpdxExpression();

    /// <summary>Throws <see cref="InvalidMetadataException"/> naming the first field that is not acceptable.</summary>
    public DatasetMetadata Validate()
    {
        Text("description", Description, MaxDescriptionLength, allowNewlines: true);
        Text("licence", Licence, MaxTextLength);
        Text("sourceUrl", SourceUrl, MaxTextLength);
        Text("department", Department, MaxTextLength);
        Text("updateFrequency", UpdateFrequency, MaxTextLength);
        Text("contact", Contact, MaxTextLength);
        if (Licence is { Length: > 0 } licence && !IsHttpUrl(licence) && !SpdxExpression().IsMatch(licence))
        {
            throw new InvalidMetadataException("licence", "licence must be an SPDX licence id (such as CC-BY-4.0) or an http(s) address of the terms.");
        }
        if (SourceUrl is { Length: > 0 } source && !IsHttpUrl(source))
        {
            throw new InvalidMetadataException("sourceUrl", "sourceUrl must be an absolute http(s) address.");
        }
        if (UpdateFrequency is { Length: > 0 } frequency && !Frequencies.Contains(frequency, StringComparer.Ordinal))
        {
            throw new InvalidMetadataException("updateFrequency", $"updateFrequency must be one of {string.Join(", ", Frequencies)}.");
        }
        if (Keywords is { } keywords)
        {
            if (keywords.Count > MaxKeywords)
            {
                throw new InvalidMetadataException("keywords", $"at most {MaxKeywords} keywords.");
            }
            foreach (var keyword in keywords)
            {
                Text("keywords", keyword, MaxKeywordLength);
                if (string.IsNullOrWhiteSpace(keyword) || keyword.Contains(',', StringComparison.Ordinal))
                {
                    throw new InvalidMetadataException("keywords", "a keyword must not be empty or contain a comma.");
                }
            }
        }
        return this;
    }

    /// <summary>These values, with every field <paramref name="edit"/> gives replacing this one's.</summary>
    public DatasetMetadata With(DatasetMetadata edit) => new(
        edit.Description ?? Description, edit.Licence ?? Licence, edit.SourceUrl ?? SourceUrl, edit.Department ?? Department,
        edit.Keywords ?? Keywords, edit.UpdateFrequency ?? UpdateFrequency, edit.Contact ?? Contact);

    /// <summary>Cleared fields (empty) become null, so that stored metadata holds only what was given.</summary>
    public DatasetMetadata Normalised() => new(
        Blank(Description), Blank(Licence), Blank(SourceUrl), Blank(Department),
        Keywords is { Count: > 0 } k ? k.Select(w => w.Trim()).ToList() : null, Blank(UpdateFrequency), Blank(Contact));

    /// <summary>Keywords as typed on a command line or in a query string: comma-separated.</summary>
    public static IReadOnlyList<string>? SplitKeywords(string? text) =>
        text is null ? null : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Text(string field, string? value, int maxLength, bool allowNewlines = false)
    {
        if (value is null)
        {
            return;
        }
        if (value.Length > maxLength)
        {
            throw new InvalidMetadataException(field, $"{field} is longer than {maxLength} characters.");
        }
        if (value.Any(c => char.IsControl(c) && !(allowNewlines && c is '\n' or '\r' or '\t')))
        {
            throw new InvalidMetadataException(field, $"{field} must not contain control characters.");
        }
    }
}

/// <summary>A metadata field that is too long, malformed, or not in its vocabulary.</summary>
public sealed class InvalidMetadataException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
