using System.Globalization;
using System.Text.Json;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Versions;
using SpatialHub.Server.Analytics;

namespace SpatialHub.Server.Changes;

/// <summary>A change listing as one GeoJSON FeatureCollection (the versions, the key, the counts as foreign members;
/// the page of changes carried (ChangesPage), each changed feature with its geometry in the newer version, or the older one when removed), or as CSV.</summary>
internal static class ChangesWriters
{
    public static byte[] GeoJson(ChangeSet changes, ChangesPage page)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteString("dataset", changes.To.DatasetId);
            Version(json, "from", changes.From);
            Version(json, "to", changes.To);
            json.WriteStartObject("key");
            json.WriteString("field", changes.Key.Field);
            json.WriteString("source", changes.Key.Source);
            json.WriteString("note", changes.Key.Note);
            json.WriteEndObject();
            json.WriteNumber("tolerance_m", changes.ToleranceMetres);
            json.WriteString("moved_measure", "geodesic distance for points; Hausdorff distance in HK1980 Grid metres (EPSG:2326) for lines and polygons");
            json.WriteStartObject("counts");
            json.WriteNumber("added", changes.Added);
            json.WriteNumber("removed", changes.Removed);
            json.WriteNumber("moved", changes.Moved);
            json.WriteNumber("attributes_changed", changes.AttributesChanged);
            json.WriteNumber("unchanged", changes.Unchanged);
            json.WriteEndObject();
            json.WriteStartObject("page");
            json.WriteNumber("offset", page.Offset);
            json.WriteNumber("limit", page.Limit);
            json.WriteNumber("returned", page.Returned(changes));
            json.WriteNumber("total", changes.Features.Count);
            json.WriteBoolean("truncated", page.Truncated(changes));
            json.WriteEndObject();
            json.WriteStartArray("features");
            foreach (var feature in page.Of(changes))
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WritePropertyName("geometry");
                json.WriteRawValue(feature.GeometryJson, skipInputValidation: true);
                json.WriteStartObject("properties");
                json.WriteString("change", feature.Change);
                json.WriteBoolean("moved", feature.Moved);
                json.WriteString("key", feature.Key);
                Id(json, "from_id", feature.FromId);
                Id(json, "to_id", feature.ToId);
                if (feature.MovedMetres is { } metres)
                {
                    json.WriteNumber("moved_m", Math.Round(metres, 3));
                }
                else
                {
                    json.WriteNull("moved_m");
                }
                json.WriteStartArray("changed_fields");
                feature.ChangedFields.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WritePropertyName("attributes");
                json.WriteRawValue(feature.AttributesJson, skipInputValidation: true);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static string Csv(ChangeSet changes, ChangesPage page)
    {
        var csv = new CsvText();
        csv.Row(["change", "moved", "key", "from_id", "to_id", "moved_m", "changed_fields"]);
        foreach (var f in page.Of(changes))
        {
            csv.Row([f.Change, f.Moved ? "true" : "false", f.Key, Number(f.FromId), Number(f.ToId),
                f.MovedMetres?.ToString("0.###", CultureInfo.InvariantCulture), string.Join(";", f.ChangedFields)]);
        }
        return csv.ToString();
    }

    private static void Version(Utf8JsonWriter json, string name, DatasetVersion version)
    {
        json.WriteStartObject(name);
        json.WriteNumber("version", version.Version);
        json.WriteNumber("feature_count", version.FeatureCount);
        json.WriteString("imported_at", version.ImportedAt);
        json.WriteString("imported_by", version.ImportedBy);
        json.WriteString("source_file", version.SourceFile);
        json.WriteEndObject();
    }

    private static void Id(Utf8JsonWriter json, string name, long? id)
    {
        if (id is { } value)
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
