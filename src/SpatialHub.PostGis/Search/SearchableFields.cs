using System.Text.RegularExpressions;
using SpatialHub.Core.Catalog;

namespace SpatialHub.PostGis.Search;

/// <summary>How much a match in a field counts: names and identifiers are what people type; addresses and
/// locations only help when no name matches.</summary>
public enum FieldWeight
{
    Address = 0,
    Name = 1,
}

/// <summary>A dataset field that search looks in.</summary>
public sealed record SearchableField(string Name, FieldWeight Weight);

/// <summary>
/// Chooses the fields search looks in, from their names alone (imported files name their columns freely). A name is
/// split into words at '_', '-', spaces and lower-to-upper case changes ("LocationNameEN" → location, name, en), then:
/// <list type="bullet">
/// <item>a word "name", or a last word "eng"/"chin" (English/Chinese name columns such as DC_ENG, DC_CHIN): a name;</item>
/// <item>a last word "id" or "number" (site_id, LP_NUMBER, "Lamp Post Number"): an identifier, weighted as a name;</item>
/// <item>a word "address" or "location" (AddressEN, Location): an address, weighted lower.</item>
/// </list>
/// Anything else (district, category, NumberOfHotspots, DC_CODE, URLs) is not searched: a district column would make
/// every feature in "Sha Tin" a match for "Sha Tin".
/// </summary>
public static partial class SearchableFields
{
    [GeneratedRegex("[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    public static IReadOnlyList<SearchableField> Of(Dataset dataset) =>
        dataset.Fields.Select(f => Classify(f.Name) is { } weight ? new SearchableField(f.Name, weight) : null)
            .OfType<SearchableField>().ToList();

    public static FieldWeight? Classify(string fieldName)
    {
        var words = Word().Matches(fieldName).Select(m => m.Value.ToLowerInvariant()).ToList();
        if (words.Count == 0)
        {
            return null;
        }
        var last = words[^1];
        if (words.Contains("name") || last is "eng" or "chin" || last is "id" or "number")
        {
            return FieldWeight.Name;
        }
        return words.Contains("address") || words.Contains("location") ? FieldWeight.Address : null;
    }
}
