using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SpatialHub.Core.Projection;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Projection;

/// <summary><c>/api/transform</c>: reprojection of one point, a batch of pairs, or any GeoJSON object.</summary>
public static class TransformEndpoints
{
    /// <summary>Most coordinate pairs in one POST.</summary>
    public const int MaxBatchPoints = 1_000_000;

    public static IEndpointRouteBuilder MapTransform(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/transform").WithTags("Projection");
        group.MapGet("/", TransformPoint).WithSummary("Reproject one point: ?from=EPSG:2326&to=EPSG:4326&x=836694&y=819069");
        group.MapPost("/", TransformBatchAsync)
            .WithSummary("Reproject a JSON array of [x, y] pairs, or a GeoJSON geometry, Feature or FeatureCollection")
            .Accepts<JsonNode>("application/json", "application/geo+json");
        return app;
    }

    /// <summary>A reprojected point; x is easting or longitude.</summary>
    public sealed record TransformedPoint(double X, double Y, string From, string To);

    private static Ok<TransformedPoint> TransformPoint(string from, string to, double x, double y)
    {
        var reprojector = Reprojector.Create(CrsParser.Parse(from), CrsParser.Parse(to));
        RequireFinite(x, y);
        var (tx, ty) = reprojector.Transform(x, y);
        return TypedResults.Ok(new TransformedPoint(tx, ty, $"EPSG:{reprojector.From.Srid}", $"EPSG:{reprojector.To.Srid}"));
    }

    private static async Task<IResult> TransformBatchAsync(string from, string to, HttpRequest request, CancellationToken cancellationToken)
    {
        var reprojector = Reprojector.Create(CrsParser.Parse(from), CrsParser.Parse(to));
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new RequestValidationException("Invalid JSON", $"The body is not valid JSON: {e.Message}");
        }
        var counter = new PointCounter();
        switch (body)
        {
            case JsonArray pairs:
                TransformPairs(pairs, reprojector, counter);
                return TypedResults.Json(pairs);
            case JsonObject geoJson when geoJson["type"] is not null:
                TransformGeoJson(geoJson, reprojector, counter);
                geoJson.Remove("bbox");
                if (geoJson.ContainsKey("crs"))
                {
                    geoJson["crs"] = new JsonObject { ["type"] = "name", ["properties"] = new JsonObject { ["name"] = $"urn:ogc:def:crs:EPSG::{reprojector.To.Srid}" } };
                }
                return TypedResults.Json(geoJson, contentType: "application/geo+json");
            default:
                throw new RequestValidationException("Invalid body", "Send a JSON array of [x, y] pairs or a GeoJSON object.");
        }
    }

    private static void TransformGeoJson(JsonNode node, Reprojector reprojector, PointCounter counter)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (name == "coordinates" && child is JsonArray coordinates)
                    {
                        TransformPairs(coordinates, reprojector, counter);
                    }
                    else if (name is "geometry" or "geometries" or "features" && child is not null)
                    {
                        TransformGeoJson(child, reprojector, counter);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array.Where(i => i is not null))
                {
                    TransformGeoJson(item!, reprojector, counter);
                }
                break;
        }
    }

    /// <summary>Transforms a position ([x, y, ...]) in place, or recurses into nested arrays of positions.</summary>
    private static void TransformPairs(JsonArray array, Reprojector reprojector, PointCounter counter)
    {
        if (array.Count >= 2 && array[0] is JsonValue && array[1] is JsonValue)
        {
            var x = ReadNumber(array[0]);
            var y = ReadNumber(array[1]);
            RequireFinite(x, y);
            counter.Add();
            var (tx, ty) = reprojector.Transform(x, y);
            array[0] = tx;
            array[1] = ty;
            return;
        }
        foreach (var item in array)
        {
            if (item is not JsonArray nested)
            {
                throw new RequestValidationException("Invalid coordinates", "Expected a position [x, y] or an array of positions.");
            }
            TransformPairs(nested, reprojector, counter);
        }
    }

    private static double ReadNumber(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number)
            ? number
            : throw new RequestValidationException("Invalid coordinates", $"'{node?.ToJsonString()}' is not a number.");

    private static void RequireFinite(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            throw new RequestValidationException("Invalid coordinates", "Coordinates must be finite numbers.");
        }
    }

    private sealed class PointCounter
    {
        private int _count;

        public void Add()
        {
            if (++_count > MaxBatchPoints)
            {
                throw new RequestValidationException("Too many points", $"At most {MaxBatchPoints:N0} points per request.");
            }
        }
    }
}
