using System.Text;

namespace SpatialHub.Server.Tests.Features;

/// <summary>A strict RFC 4180 reader for checking exports: CRLF records, quoted fields with doubled quotes.</summary>
internal static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                if (c is '"' or '\r' or '\n')
                {
                    throw new FormatException($"Unquoted {(int)c} at {i}.");
                }
                field.Append(c);
            }
        }
        if (quoted || field.Length > 0 || record.Count > 0)
        {
            throw new FormatException("The text does not end with CRLF after a complete record.");
        }
        return records;
    }
}
