using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using SpatialHub.Core.Analytics;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Analytics;

namespace SpatialHub.Server.Analytics;

/// <summary>The JSON, CSV and GeoJSON forms of analytics answers. Member names are snake_case, as in the issue's
/// <c>density_km2</c>; GeoJSON geometries come from PostGIS as NetTopologySuite objects.</summary>
internal static class AnalyticsWriters
{
    public const string BoundaryRule =
        "Each feature counts in one zone: the zone covering its representative point (the point itself; ST_PointOnSurface for lines "
        + "and polygons), boundary included; where several zones cover it, the zone with the lowest id.";

    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    private static Dictionary<string, object?> Describe(Dataset dataset) => new()
    {
        ["id"] = dataset.Id, ["version"] = dataset.Version, ["title"] = dataset.Title, ["geometry_type"] = dataset.GeometryType,
        ["feature_count"] = dataset.FeatureCount,
    };

    private static string? MeasureName(GeometryKind kind) => kind switch
    {
        GeometryKind.Line => "length_m",
        GeometryKind.Polygon => "area_m2",
        _ => null,
    };

    private static Dictionary<string, object?> ZoneProperties(ZoneStatisticsResult result, ZoneRow row)
    {
        var properties = new Dictionary<string, object?>
        {
            ["id"] = row.Id, ["name"] = row.Name, ["count"] = row.Count, ["area_km2"] = row.AreaKm2, ["density_km2"] = row.DensityKm2,
            ["sums"] = result.NumericFields.Select((field, i) => (field, row.Sums[i])).ToDictionary(p => p.field, p => (object?)p.Item2),
            ["averages"] = result.NumericFields.Select((field, i) => (field, row.Averages[i])).ToDictionary(p => p.field, p => (object?)p.Item2),
        };
        if (MeasureName(result.Kind) is { } measure)
        {
            properties[measure] = row.Measure;
        }
        return properties;
    }

    public static object ZonesJson(ZoneStatisticsResult result) => new Dictionary<string, object?>
    {
        ["dataset"] = Describe(result.Dataset),
        ["zones"] = Describe(result.Zones),
        ["name_field"] = result.NameField,
        ["numeric_fields"] = result.NumericFields,
        ["measure"] = MeasureName(result.Kind),
        ["boundary_rule"] = BoundaryRule,
        ["outside"] = result.Outside,
        ["results"] = result.Rows.Select(row => ZoneProperties(result, row)).ToList(),
    };

    public static FeatureCollection ZonesGeoJson(ZoneStatisticsResult result)
    {
        var collection = new FeatureCollection();
        foreach (var row in result.Rows)
        {
            var properties = ZoneProperties(result, row);
            // Flat attributes style a map (sum_X, avg_X) better than nested objects.
            foreach (var (field, i) in result.NumericFields.Select((field, i) => (field, i)))
            {
                properties[$"sum_{field}"] = row.Sums[i];
                properties[$"avg_{field}"] = row.Averages[i];
            }
            properties.Remove("sums");
            properties.Remove("averages");
            collection.Add(new Feature(row.Geometry, new AttributesTable(properties)) { });
        }
        return collection;
    }

    public static string ZonesCsv(ZoneStatisticsResult result)
    {
        var measure = MeasureName(result.Kind);
        var csv = new CsvText();
        csv.Row(["zone_id", "name", "count", "area_km2", "density_km2",
            .. result.NumericFields.Select(f => $"sum_{f}"), .. result.NumericFields.Select(f => $"avg_{f}"), .. measure is null ? Array.Empty<string>() : [measure]]);
        foreach (var row in result.Rows)
        {
            csv.Row([Number(row.Id), row.Name, Number(row.Count), Number(row.AreaKm2), Number(row.DensityKm2),
                .. row.Sums.Select(s => Number(s)), .. row.Averages.Select(Number), .. measure is null ? Array.Empty<string?>() : [Number(row.Measure)]]);
        }
        return csv.ToString();
    }

    public static object ProximityJson(ProximityResult result) => new Dictionary<string, object?>
    {
        ["from"] = Describe(result.From),
        ["to"] = Describe(result.To),
        ["radius_m"] = result.RadiusM,
        ["summary"] = new Dictionary<string, object?>
        {
            ["features"] = result.Rows.Count,
            ["within_radius"] = result.RadiusM is null ? null : result.Rows.Count(r => r.WithinCount > 0),
            ["share_within_radius"] = result.ShareWithin,
            ["median_distance_m"] = result.MedianDistanceM,
            ["max_distance_m"] = result.Rows.Max(r => r.DistanceM),
        },
        ["results"] = result.Rows.Select(r => new Dictionary<string, object?>
        {
            ["id"] = r.FeatureId, ["nearest_id"] = r.NearestId, ["distance_m"] = r.DistanceM, ["within_count"] = r.WithinCount,
        }).ToList(),
    };

    public static FeatureCollection ProximityGeoJson(ProximityResult result)
    {
        var collection = new FeatureCollection();
        foreach (var row in result.Rows)
        {
            var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (row.PropertiesJson is not null && JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.PropertiesJson) is { } attributes)
            {
                foreach (var (name, value) in attributes)
                {
                    properties[name] = value;
                }
            }
            properties["feature_id"] = row.FeatureId;
            properties["nearest_id"] = row.NearestId;
            properties["distance_m"] = row.DistanceM;
            properties["within_count"] = row.WithinCount;
            collection.Add(new Feature(row.Geometry, new AttributesTable(properties)));
        }
        return collection;
    }

    public static string ProximityCsv(ProximityResult result)
    {
        var csv = new CsvText();
        csv.Row(["feature_id", "nearest_id", "distance_m", .. result.RadiusM is null ? Array.Empty<string>() : ["within_count"]]);
        foreach (var row in result.Rows)
        {
            csv.Row([Number(row.FeatureId), Number(row.NearestId), Number(row.DistanceM), .. result.RadiusM is null ? Array.Empty<string?>() : [Number(row.WithinCount)]]);
        }
        return csv.ToString();
    }

    public static object GridJson(DensityGridResult result, string tiles) => new Dictionary<string, object?>
    {
        ["dataset"] = Describe(result.Dataset),
        ["cell_m"] = result.CellSize,
        ["crs"] = "EPSG:2326",
        ["alignment"] = "cell (i, j) covers eastings [i*cell_m, (i+1)*cell_m) and northings [j*cell_m, (j+1)*cell_m) of the HK1980 Grid",
        ["tiles"] = tiles,
        ["minzoom"] = AnalyticsLimits.MinZoom(result.CellSize),
        ["counted"] = result.Cells.Sum(c => c.Count),
        ["cells"] = result.Cells.Select(c => new Dictionary<string, object?>
        {
            ["i"] = c.I, ["j"] = c.J, ["x_min"] = c.I * result.CellSize, ["y_min"] = c.J * result.CellSize, ["count"] = c.Count,
        }).ToList(),
    };

    public static string GridCsv(DensityGridResult result)
    {
        var csv = new CsvText();
        csv.Row(["i", "j", "x_min", "y_min", "x_max", "y_max", "count"]);
        foreach (var c in result.Cells)
        {
            csv.Row([Number(c.I), Number(c.J), Number(c.I * result.CellSize), Number(c.J * result.CellSize),
                Number((c.I + 1) * result.CellSize), Number((c.J + 1) * result.CellSize), Number(c.Count)]);
        }
        return csv.ToString();
    }

    public static IResult GeoJson(FeatureCollection collection) => TypedResults.Text(GeoJsonText(collection), "application/geo+json");

    public static string GeoJsonText(FeatureCollection collection) => JsonSerializer.Serialize(collection, GeoJsonOptions);

    public static IResult Csv(HttpContext context, string fileName, string csv)
    {
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
        return TypedResults.Text(csv, "text/csv; charset=utf-8; header=present", Encoding.UTF8);
    }

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}

/// <summary>RFC 4180 CSV (CRLF, quotes doubled), with the feature export's guard against CSV injection
/// (<see cref="Features.CsvWriter.AppendText"/>) on every cell that is not a number this class wrote.</summary>
internal sealed class CsvText
{
    private readonly StringBuilder _text = new();

    public void Row(IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }
            var value = cells[i] ?? "";
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                Features.CsvWriter.AppendField(_text, value);
            }
            else
            {
                Features.CsvWriter.AppendText(_text, value);
            }
        }
        _text.Append("\r\n");
    }

    public override string ToString() => _text.ToString();
}
