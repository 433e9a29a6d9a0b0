using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Features;

namespace SpatialHub.Server.Exports;

/// <summary>One feature as the file writers take it: its geometry in the export's CRS and its attributes in the
/// dataset's field order, typed by the catalog (numbers, booleans, text; null where the feature has no value).</summary>
public sealed record ExportFeature(long FeatureId, Geometry Geometry, IReadOnlyList<object?> Values);

/// <summary>Turns the GeoJSON rows PostGIS writes (already reprojected and rounded) into <see cref="ExportFeature"/>s.</summary>
internal sealed class ExportFeatureReader
{
    private readonly JsonSerializerOptions _geoJson;
    private readonly IReadOnlyList<DatasetField> _fields;
    private readonly int _srid;

    public ExportFeatureReader(IReadOnlyList<DatasetField> fields, int srid)
    {
        (_fields, _srid) = (fields, srid);
        _geoJson = new JsonSerializerOptions();
        _geoJson.Converters.Add(new GeoJsonConverterFactory(new GeometryFactory(new PrecisionModel(), srid)));
    }

    public async IAsyncEnumerable<ExportFeature> ReadAsync(IAsyncEnumerable<FeatureRow> rows)
    {
        await foreach (var row in rows)
        {
            yield return Read(row);
        }
    }

    public ExportFeature Read(FeatureRow row)
    {
        var geometry = JsonSerializer.Deserialize<Geometry>(row.GeometryJson, _geoJson)
            ?? throw new InvalidOperationException($"Feature {row.FeatureId} has no geometry.");
        geometry.SRID = _srid;
        using var properties = JsonDocument.Parse(row.PropertiesJson);
        var values = new object?[_fields.Count];
        for (var i = 0; i < _fields.Count; i++)
        {
            values[i] = properties.RootElement.TryGetProperty(_fields[i].Name, out var value) ? Convert(_fields[i].Type, value) : null;
        }
        return new ExportFeature(row.FeatureId, geometry, values);
    }

    /// <summary>A value as its field's type says; a value that does not fit the type (it should not happen, as the
    /// type was inferred from the values) goes out as text rather than being dropped.</summary>
    private static object? Convert(string type, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True or JsonValueKind.False when type == "boolean" => value.GetBoolean(),
        JsonValueKind.Number when type == "integer" && value.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number when type == "real" => value.GetDouble(),
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    /// <summary>The CLR type a field's values have after <see cref="Convert"/>.</summary>
    public static Type ClrType(DatasetField field) => field.Type switch
    {
        "integer" => typeof(long),
        "real" => typeof(double),
        "boolean" => typeof(bool),
        _ => typeof(string),
    };
}
