using SpatialHub.PostGis;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Publishing;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Publishing;

/// <summary>Publisher keys for the write filter: who a key belongs to, and whether that writer may do this write.</summary>
public sealed class PublisherAuthentication(DatabaseHost database, AuditTrail audit)
{
    public async Task<Writer?> AuthenticateAsync(string key, CancellationToken cancellationToken) =>
        key.Length == 0 ? null
            : await database.Database.Publishers().AuthenticateAsync(key, cancellationToken) is { } found
                ? new Writer(found.Name, found.Scope)
                : null;

    /// <summary>403 (recorded in the audit trail) when a publisher asks for an administrator endpoint or a dataset
    /// outside its patterns; null when the write may go on.</summary>
    public async Task<IResult?> RefuseAsync(HttpContext context, Writer writer)
    {
        if (writer.IsAdmin)
        {
            return null;
        }
        string? detail = null;
        var id = context.Request.RouteValues.TryGetValue("id", out var value) ? value as string : null;
        if (context.GetEndpoint()?.Metadata.GetMetadata<AdminOnlyMetadata>() is not null)
        {
            detail = $"Publisher '{writer.Name}' may not do this: it needs the administrator key.";
        }
        else if (id is not null && !writer.MayWrite(id))
        {
            detail = $"Publisher '{writer.Name}' may write only datasets matching {string.Join(", ", writer.Scope!.Patterns)}; '{Shorten(id)}' is not one of them.";
        }
        if (detail is null)
        {
            return null;
        }
        await audit.RecordAsync(context, new AuditEntry(writer.Name, ActionOf(context), DatasetId: id is not null && Core.Catalog.DatasetId.IsValid(id) ? id : null,
            Outcome: "403", Detail: detail));
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your dataset", detail: detail);
    }

    private static string ActionOf(HttpContext context) => context.Request.Method switch
    {
        "PUT" => AuditActions.Import,
        "DELETE" => AuditActions.Delete,
        "PATCH" => AuditActions.Metadata,
        _ => context.Request.Method.ToLowerInvariant(),
    };

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}

/// <summary>Writes audit records for HTTP requests: the writer the key filter found and the client's address.
/// A record that cannot be written is logged, not turned into a failed write: the write itself already happened.</summary>
public sealed class AuditTrail(DatabaseHost database, ILogger<AuditTrail> logger)
{
    public async Task RecordAsync(HttpContext context, AuditEntry entry)
    {
        var full = entry with
        {
            Actor = Writer.Of(context)?.Name ?? entry.Actor,
            Client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        };
        try
        {
            await database.Database.Audit().WriteAsync(full, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Could not write the audit record of {Action} on {Dataset} by {Actor}", full.Action, full.DatasetId, full.Actor);
        }
    }
}

public static class PublishingServices
{
    public static IServiceCollection AddPublishing(this IServiceCollection services) => services
        .AddSingleton<KeyFailureLimiter>()
        .AddSingleton<AuditTrail>()
        .AddSingleton<PublisherAuthentication>();
}
