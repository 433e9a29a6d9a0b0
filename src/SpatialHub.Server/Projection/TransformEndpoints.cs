using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Projection;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Projection;

/// <summary><c>/api/transform</c>: reprojection of one point, a batch of pairs, or any GeoJSON object.</summary>
public static class TransformEndpoints
{
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

    /// <summary>Reads the body as it arrives (never whole: anyone may call this) and writes the answer to a buffer that
    /// spills to a temporary file, so that an error at the end is still a 400 and memory does not grow with the body.</summary>
    private static async Task<IResult> TransformBatchAsync(
        string from, string to, HttpContext context, IOptions<SpatialHubOptions> options, CancellationToken cancellationToken)
    {
        var reprojector = Reprojector.Create(CrsParser.Parse(from), CrsParser.Parse(to));
        var limits = options.Value.Transform;
        var request = context.Request;
        if (request.ContentLength > limits.MaxBodyBytes)
        {
            throw TooLarge(limits.MaxBodyBytes);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxBodyBytes;
        }

        var output = new FileBufferingWriteStream(memoryThreshold: OutputMemoryBytes);
        context.Response.RegisterForDisposeAsync(output);
        // Text as sent (Chinese stays UTF-8): the answer is JSON with nosniff, never HTML.
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var transformer = new GeoJsonTransformer(reprojector, limits.MaxPoints, writer);
        var state = new JsonReaderState();
        long consumed = 0;
        try
        {
            while (true)
            {
                var read = await request.BodyReader.ReadAsync(cancellationToken);
                // Bytes beyond the limit are not parsed, but those before it are: the point cap may come first.
                var over = consumed + read.Buffer.Length > limits.MaxBodyBytes;
                var input = over ? read.Buffer.Slice(0, limits.MaxBodyBytes - consumed) : read.Buffer;
                var position = transformer.Feed(input, read.IsCompleted && !over, ref state);
                if (over)
                {
                    throw TooLarge(limits.MaxBodyBytes);
                }
                consumed += read.Buffer.Slice(0, position).Length;
                request.BodyReader.AdvanceTo(position, read.Buffer.End);
                if (writer.BytesPending > OutputMemoryBytes)
                {
                    await writer.FlushAsync(cancellationToken);
                }
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new RequestValidationException("Invalid JSON", $"The body is not valid JSON: {e.Message}");
        }
        await writer.FlushAsync(cancellationToken);
        return TypedResults.Stream(body => output.DrainBufferAsync(body, cancellationToken),
            transformer.IsGeoJson ? "application/geo+json" : "application/json");
    }

    private const int OutputMemoryBytes = 1024 * 1024;

    private static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"The body is larger than the limit of {maxBytes:N0} bytes (SpatialHub:Transform:MaxBodyBytes).", StatusCodes.Status413PayloadTooLarge);

    private static void RequireFinite(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            throw new RequestValidationException("Invalid coordinates", "Coordinates must be finite numbers.");
        }
    }
}
