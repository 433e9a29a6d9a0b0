namespace SpatialHub.Server.OpenApi;

/// <summary>A query parameter a handler reads from the query string itself (not bound as an argument, so the
/// generator cannot see it): name, meaning and JSON type (string, integer, number or boolean).</summary>
public sealed record QueryParameterDoc(string Name, string Description, string Type = "string");

/// <summary>Endpoint metadata listing such parameters; <see cref="SpatialHubOpenApi"/> adds them to the operation.</summary>
public sealed record DocumentedQueryParameters(IReadOnlyList<QueryParameterDoc> Parameters);

public static class DocumentedQueryExtensions
{
    public static TBuilder WithQueryParameters<TBuilder>(this TBuilder builder, IEnumerable<QueryParameterDoc> parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedQueryParameters(parameters.ToList()));
}
