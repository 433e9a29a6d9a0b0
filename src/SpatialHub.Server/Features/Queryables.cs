using System.Text.Json.Nodes;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Features;

namespace SpatialHub.Server.Features;

/// <summary>
/// <c>/collections/{id}/queryables</c> (OGC API – Features Part 3): the properties a <c>filter</c> or a
/// <c>name=value</c> parameter may name, as a JSON Schema (2020-12) object in the dataset's field order, plus
/// <c>geometry</c> for S_INTERSECTS. <c>additionalProperties: false</c>: any other name is a 400.
/// </summary>
internal static class Queryables
{
    public const string MediaType = "application/schema+json";

    public static JsonObject Document(Dataset dataset, string baseUrl)
    {
        var properties = new JsonObject
        {
            [FeaturePredicate.GeometryQueryable] = new JsonObject
            {
                ["title"] = "Geometry",
                ["format"] = GeometryFormat(dataset.GeometryType),
                ["x-ogc-role"] = "primary-geometry",
            },
        };
        foreach (var field in dataset.Fields)
        {
            properties[field.Name] = Schema(field);
        }
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"{baseUrl}/collections/{dataset.Id}/queryables",
            ["type"] = "object",
            ["title"] = dataset.Title,
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject Schema(DatasetField field) => field.Type switch
    {
        "integer" => new JsonObject { ["title"] = field.Name, ["type"] = "integer" },
        "real" => new JsonObject { ["title"] = field.Name, ["type"] = "number" },
        "boolean" => new JsonObject { ["title"] = field.Name, ["type"] = "boolean" },
        "date" => new JsonObject { ["title"] = field.Name, ["type"] = "string", ["format"] = "date" },
        _ => new JsonObject { ["title"] = field.Name, ["type"] = "string" },
    };

    /// <summary>Part 3's geometry formats, from the catalog's geometry type (Point, MultiPolygon, …).</summary>
    private static string GeometryFormat(string geometryType) => geometryType.ToLowerInvariant() switch
    {
        "point" => "geometry-point",
        "multipoint" => "geometry-multipoint",
        "linestring" => "geometry-linestring",
        "multilinestring" => "geometry-multilinestring",
        "polygon" => "geometry-polygon",
        "multipolygon" => "geometry-multipolygon",
        _ => "geometry-any",
    };
}
