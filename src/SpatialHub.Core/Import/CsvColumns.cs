using System.Globalization;
using CsvHelper;

namespace SpatialHub.Core.Import;

/// <summary>Column-level rules of the CSV reader: unique field names from a header, a record's values with empty cells
/// as null, and what counts as a coordinate.</summary>
internal static class CsvColumns
{
    /// <summary>Empty names become field_N (1-based column); repeated names get _2, _3 so that every property has its own key.</summary>
    internal static string[] UniqueNames(string[] header)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new string[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            var name = string.IsNullOrWhiteSpace(header[i]) ? $"field_{i + 1}" : header[i].Trim();
            var unique = name;
            for (var n = 2; !seen.Add(unique); n++)
            {
                unique = $"{name}_{n}";
            }

            names[i] = unique;
        }

        return names;
    }

    internal static string?[] Values(CsvReader csv)
    {
        var values = new string?[csv.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            var value = csv.GetString(i);
            values[i] = string.IsNullOrEmpty(value) ? null : value;
        }

        return values;
    }

    internal static bool TryParseCoordinate(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
