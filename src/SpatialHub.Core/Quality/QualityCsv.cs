using System.Globalization;
using System.Text;

namespace SpatialHub.Core.Quality;

/// <summary>The flagged features as CSV (RFC 4180), one row per finding: the list a publisher sends back to the department.</summary>
public static class QualityCsv
{
    public const string Header = "dataset,version,check,feature_id,line,longitude,latitude,reason";

    public static string Write(QualityReport report)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var f in report.Flagged)
        {
            csv.Append(Field(report.DatasetId)).Append(',')
                .Append(report.Version.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(f.Check).Append(',')
                .Append(f.FeatureId.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(f.Line?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(f.Longitude.ToString("0.#######", CultureInfo.InvariantCulture)).Append(',')
                .Append(f.Latitude.ToString("0.#######", CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(f.Reason)).Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>Quoted when needed; a leading =, +, - or @ is prefixed with ' so that a spreadsheet shows it instead of evaluating it.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
