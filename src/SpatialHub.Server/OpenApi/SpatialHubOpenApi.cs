using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.OpenApi;

/// <summary>
/// Completes the generated OpenAPI 3.0 document from the endpoints' own metadata, so an endpoint added anywhere is
/// documented without editing a document by hand: query parameters a handler reads itself
/// (<see cref="DocumentedQueryParameters"/>), an operationId and summary for every operation, the problem responses
/// every endpoint can give, the API key on writes (endpoints under the write rate limit) and descriptions of the tags.
/// </summary>
public static partial class SpatialHubOpenApi
{
    /// <summary>The media type OGC API – Features' service-desc link promises (and QGIS looks for).</summary>
    public const string MediaType = "application/vnd.oai.openapi+json;version=3.0";

    public const string ApiKeyScheme = "apiKey";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Features"] = "OGC API – Features parts 1–3: landing page, conformance, collections, items, queryables.",
        ["Tiles"] = "Vector tiles (XYZ and TileJSON), raster tiles and static maps.",
        ["Catalog"] = "The datasets, their fields and versions.",
        ["Import"] = "Uploading and deleting datasets (API key).",
        ["Search"] = "Feature search by name and address.",
        ["Styles"] = "MapLibre style documents.",
        ["Analytics"] = "Zone statistics, density and proximity.",
        ["Projection"] = "Coordinate transformation between HK1980 Grid and WGS84.",
    };

    /// <summary>Registers the completion on the OpenAPI options (one call from the host).</summary>
    public static OpenApiOptions AddSpatialHubConventions(this OpenApiOptions options) =>
        options.AddSchemaTransformer(PlainNumbersAsync).AddDocumentTransformer(CompleteAsync);

    /// <summary>The web JSON options also read numbers written as strings, so the generator types a number as
    /// [integer, string] with a digits pattern, which the OpenAPI 3.0 writer turns into anyOf under a bare
    /// <c>nullable</c> (forbidden: nullable needs a type). The service writes plain numbers, so that is what the
    /// document says.</summary>
    private static Task PlainNumbersAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        const JsonSchemaType numeric = JsonSchemaType.Integer | JsonSchemaType.Number;
        if (schema.Type is { } type && (type & numeric) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>Serves the document with the media type the landing page's service-desc link promises.</summary>
    public static IEndpointConventionBuilder WithOpenApiMediaType(this IEndpointConventionBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var response = context.HttpContext.Response;
            response.OnStarting(() =>
            {
                if (response.StatusCode == StatusCodes.Status200OK)
                {
                    response.ContentType = MediaType;
                }
                return Task.CompletedTask;
            });
            return await next(context);
        });

    private static Task CompleteAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Description ??= "Hong Kong geospatial datasets as OGC API – Features collections, vector tiles and maps.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyFilter.HeaderName,
            Description = "Writes need the key configured as SpatialHub:ApiKey.",
        };
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var description in context.DescriptionGroups.SelectMany(g => g.Items))
        {
            if (Find(document, description) is { } operation)
            {
                Complete(document, operation, description, operationIds);
            }
        }
        var tags = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name).OfType<string>().Distinct().Order();
        document.Tags = new HashSet<OpenApiTag>(tags.Select(name => new OpenApiTag
        {
            Name = name, Description = TagDescriptions.GetValueOrDefault(name, $"{name} endpoints."),
        }));
        return Task.CompletedTask;
    }

    private static OpenApiOperation? Find(OpenApiDocument document, ApiDescription description)
    {
        var path = "/" + RouteConstraint().Replace(description.RelativePath ?? "", "}").TrimEnd('/');
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }
        return document.Paths.TryGetValue(path, out var item) && item.Operations is { } operations
            && operations.TryGetValue(HttpMethod.Parse(description.HttpMethod ?? "GET"), out var operation) ? operation : null;
    }

    private static void Complete(OpenApiDocument document, OpenApiOperation operation, ApiDescription description, HashSet<string> operationIds)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (description.RelativePath ?? "");
        operation.Summary ??= $"{description.HttpMethod} {path}";
        operation.OperationId ??= UniqueId(description.HttpMethod ?? "GET", path, operationIds);
        operationIds.Add(operation.OperationId);

        operation.Parameters ??= [];
        foreach (var parameter in metadata.OfType<DocumentedQueryParameters>().SelectMany(d => d.Parameters))
        {
            if (!operation.Parameters.Any(p => p.Name == parameter.Name && p.In == ParameterLocation.Query))
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name, In = ParameterLocation.Query, Description = parameter.Description,
                    Schema = new OpenApiSchema { Type = parameter.Type switch
                    {
                        "integer" => JsonSchemaType.Integer,
                        "number" => JsonSchemaType.Number,
                        "boolean" => JsonSchemaType.Boolean,
                        _ => JsonSchemaType.String,
                    } },
                });
            }
        }

        operation.Responses ??= new OpenApiResponses();
        foreach (var (_, response) in operation.Responses)
        {
            if (response is OpenApiResponse { Description: null or "" } concrete)
            {
                concrete.Description = "OK";
            }
        }
        if (!operation.Responses.Keys.Any(k => k.StartsWith('2') || k.StartsWith('3')))
        {
            operation.Responses["200"] = new OpenApiResponse { Description = "OK" };
        }
        foreach (var (status, text) in (ReadOnlySpan<(string, string)>)[("400", "Bad request: a parameter is invalid (the problem names it)."),
                     ("404", "Not found: an unknown dataset, feature or resource."), ("503", "The database is unavailable or a query took too long (Retry-After).")])
        {
            operation.Responses.TryAdd(status, Problem(text));
        }
        var isWrite = metadata.OfType<EnableRateLimitingAttribute>().Any(a => a.PolicyName == WriteAccess.RateLimitPolicy);
        if (isWrite)
        {
            operation.Responses.TryAdd("401", Problem("The X-Api-Key header is missing or wrong."));
            operation.Responses.TryAdd("429", Problem("Too many writes from this client; see Retry-After."));
        }
        else if (metadata.OfType<EnableRateLimitingAttribute>().Any(a => a.PolicyName == ExpensiveReads.PolicyName))
        {
            operation.Responses.TryAdd("429", Problem("Too many expensive reads from this client; see Retry-After."));
        }
        operation.Security = isWrite ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }] : [];
    }

    private static OpenApiResponse Problem(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            } },
        },
    };

    /// <summary>get_collections_collectionId_items style ids, made unique.</summary>
    private static string UniqueId(string method, string path, HashSet<string> taken)
    {
        var id = method.ToLowerInvariant() + "_" + string.Join('_', NonWord().Split(path).Where(s => s.Length > 0));
        var unique = id;
        for (var i = 2; taken.Contains(unique); i++)
        {
            unique = $"{id}_{i}";
        }
        return unique;
    }

    [GeneratedRegex(@":[^}]*\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"[^A-Za-z0-9]+")]
    private static partial Regex NonWord();
}
