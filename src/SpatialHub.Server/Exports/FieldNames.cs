using System.Text;

namespace SpatialHub.Server.Exports;

/// <summary>Column names a file format accepts, made from the dataset's field names: unique without regard to case
/// (SQLite and dBASE compare names that way) and at most a given length, with a numeric suffix where two collide.</summary>
internal static class FieldNames
{
    public static IReadOnlyList<string> Unique(IEnumerable<string> names, int maxLength, IEnumerable<string>? reserved = null, Func<string, string>? clean = null)
    {
        var taken = new HashSet<string>(reserved ?? [], StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var name in names)
        {
            var cleaned = clean is null ? name : clean(name);
            var candidate = Cut(cleaned, maxLength);
            for (var n = 2; !taken.Add(candidate); n++)
            {
                var suffix = $"_{n}";
                candidate = Cut(cleaned, maxLength - suffix.Length) + suffix;
            }
            result.Add(candidate);
        }
        return result;
    }

    /// <summary>A dBASE field name: ASCII letters, digits and underscores (other characters become underscores, as
    /// GDAL's shapefile driver launders them), never empty.</summary>
    public static string Dbase(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
        {
            text.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        return text.ToString().Trim('_') is { Length: > 0 } cleaned ? cleaned : "FIELD";
    }

    private static string Cut(string name, int length) => name.Length <= length ? name : name[..Math.Max(1, length)];
}
