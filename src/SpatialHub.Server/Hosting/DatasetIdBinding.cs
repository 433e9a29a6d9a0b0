using System.Reflection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using SpatialHub.Core.Catalog;

namespace SpatialHub.Server.Hosting;

/// <summary>Endpoints take <see cref="DatasetId"/> parameters that minimal APIs bind through its <c>TryParse</c>.
/// A failed bind throws (instead of a bare 400) so that <see cref="ErrorResponses"/> answers the same "Invalid
/// dataset id" problem, naming the parameter and the rule, as an id refused anywhere else.</summary>
internal static class DatasetIdBinding
{
    public static IServiceCollection AddDatasetIdBinding(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

    /// <summary>The <see cref="InvalidDatasetIdException"/> behind a failed bind, if a dataset id caused it.</summary>
    public static InvalidDatasetIdException? Explain(HttpContext context)
    {
        // The exception handler has cleared the endpoint and route values; its feature keeps them.
        var failed = context.Features.Get<IExceptionHandlerFeature>();
        var method = failed?.Endpoint?.Metadata.GetMetadata<MethodInfo>();
        var routeValues = failed?.RouteValues ?? context.Request.RouteValues;
        foreach (var parameter in method?.GetParameters() ?? [])
        {
            if ((Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) != typeof(DatasetId))
            {
                continue;
            }
            var query = parameter.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault();
            var route = parameter.GetCustomAttributes().OfType<IFromRouteMetadata>().FirstOrDefault();
            var name = query?.Name ?? route?.Name ?? parameter.Name ?? "";
            var text = query is null && routeValues.TryGetValue(name, out var value)
                ? value?.ToString()
                : context.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
            if (text is not null && !DatasetId.TryParse(text, out _))
            {
                return new InvalidDatasetIdException(text, name);
            }
        }
        return null;
    }
}
