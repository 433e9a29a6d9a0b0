using System.Text.RegularExpressions;
using SpatialHub.Core.Catalog;

namespace SpatialHub.Core.Versions;

/// <summary>How the features of two versions were matched.</summary>
/// <param name="Field">The attribute matched on; null when matched on all attributes.</param>
/// <param name="Source">"import" (named at import), "guessed" (a unique id-like field) or "attributes".</param>
/// <param name="Note">Why this way, in plain words, when it is not the key the import named.</param>
public sealed record FeatureKey(string? Field, string Source, string? Note)
{
    public const string FromImport = "import";
    public const string Guessed = "guessed";
    public const string Attributes = "attributes";

    public const string AttributesNote = "No key field: features were matched on all their attributes; geometry is not part of the key, "
        + "because it decides 'moved'. A feature whose attributes changed shows as removed and added, and features with identical "
        + "attributes are paired unchanged geometry first, then in feature order.";
}

/// <summary>Which fields may identify a feature: names that read as an identifier (<c>id</c>, <c>LocationID</c>,
/// <c>site_id</c>, <c>Lamp Post Number</c>, <c>LP_NUMBER</c>, <c>DC_CODE</c>), of text or integer type. Whether one is
/// unique is for the data to say.</summary>
public static partial class KeyCandidates
{
    // Normalised names (lower case, letters and digits only) and how strongly each reads as an identifier.
    [GeneratedRegex(@"^(fid|objectid|gmlid|uuid|guid|id)$|id$|(number|no|num|ref|key)$|code$", RegexOptions.CultureInvariant)]
    private static partial Regex IdLike();

    /// <summary>Fields of both versions that look like identifiers, the most id-like first.</summary>
    public static IReadOnlyList<string> Among(IReadOnlyList<DatasetField> from, IReadOnlyList<DatasetField> to) =>
        to.Where(f => f.Type is "text" or "integer" && from.Any(o => o.Name == f.Name && o.Type is "text" or "integer"))
            .Select(f => (f.Name, Rank: Rank(f.Name)))
            .Where(c => c.Rank >= 0)
            .OrderBy(c => c.Rank)
            .Select(c => c.Name)
            .ToList();

    /// <summary>Fields named like coordinate columns (Latitude, Easting, ...): where a point's geometry came from.</summary>
    public static IEnumerable<string> CoordinateFields(IEnumerable<DatasetField> fields) =>
        fields.Select(f => f.Name).Where(Import.CoordinateColumns.IsCoordinateName).Distinct(StringComparer.Ordinal);

    private static int Rank(string name)
    {
        var normalised = new string(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        var match = IdLike().Match(normalised);
        if (!match.Success)
        {
            return -1;
        }
        return match.Groups[1].Success ? 0 : normalised.EndsWith("id", StringComparison.Ordinal) ? 1 : match.Groups[2].Success ? 2 : 3;
    }
}
