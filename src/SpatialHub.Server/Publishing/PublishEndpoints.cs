using SpatialHub.PostGis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Publishing;
using SpatialHub.Server.Catalog;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Publishing;

/// <summary>Publishing (issue 22): metadata edits and the published flag (<c>PATCH /api/datasets/{id}</c>), a key
/// holder's own datasets, the audit trail, and the publisher page <c>/publish</c>.</summary>
public static class PublishEndpoints
{
    public const string PagePath = "/publish";
    private const int MaxPatchBytes = 64 * 1024;

    /// <summary>The publisher page's policy: stricter than the map's (no basemap origins, no frames, no forms).</summary>
    public const string PageContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapPublishing(this IEndpointRouteBuilder app)
    {
        app.MapPatch("/api/datasets/{id}", PatchAsync).RequireWriteAccess().WithTags("Publishing")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxPatchBytes))
            .WithSummary("Edit a dataset's metadata, title, attribution or published flag (API key required)");
        var publish = app.MapGroup("/api/publish").WithTags("Publishing");
        publish.MapGet("/me", (HttpContext context) => TypedResults.Ok(WhoAmI.From(Writer.Of(context)!)))
            .RequireWriteAccess().WithSummary("Who the key belongs to and which datasets it may write");
        publish.MapGet("/datasets", DatasetsAsync).RequireWriteAccess()
            .WithSummary("The datasets the key may write, published or not, with their metadata");
        app.MapGet("/api/audit", AuditAsync).RequireWriteAccess().WithMetadata(new AdminOnlyMetadata()).WithTags("Publishing")
            .WithSummary("The audit trail, newest first (administrator key)");
        app.MapMethods(PagePath, [HttpMethods.Get, HttpMethods.Head], Page).ExcludeFromDescription();
        return app;
    }

    /// <summary>The body of a PATCH: every member optional; an empty string clears a text field.</summary>
    public sealed record DatasetPatch(
        string? Title, string? Attribution, bool? Published, string? Description, string? Licence, string? SourceUrl,
        string? Department, IReadOnlyList<string>? Keywords, string? UpdateFrequency, string? Contact);

    public sealed record WhoAmI(string Name, bool Administrator, IReadOnlyList<string> Patterns)
    {
        public static WhoAmI From(Writer writer) => new(writer.Name, writer.IsAdmin, writer.Scope?.Patterns ?? ["*"]);
    }

    private static async Task<Ok<DatasetResource>> PatchAsync(
        string id, DatasetPatch patch, HttpContext context, DatabaseHost database, CatalogVersionWatcher watcher, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        DatasetId.Validate(id);
        ValidateText("title", patch.Title);
        ValidateText("attribution", patch.Attribution);
        var metadata = new DatasetMetadata(patch.Description, patch.Licence, patch.SourceUrl, patch.Department, patch.Keywords,
            patch.UpdateFrequency, patch.Contact);
        var edit = new DatasetPublishing.Edit(metadata == new DatasetMetadata() ? null : metadata.Validate(), patch.Published, patch.Title, patch.Attribution);
        var dataset = await database.Database.Publishing().EditAsync(id, edit, cancellationToken);
        watcher.Announce(id, dataset.Published ? dataset.Version : CatalogNotifications.Deleted);
        if (edit.Metadata is not null || patch.Title is not null || patch.Attribution is not null)
        {
            await audit.RecordAsync(context, new AuditEntry("", AuditActions.Metadata, id, dataset.Version));
        }
        if (patch.Published is { } published)
        {
            await audit.RecordAsync(context, new AuditEntry("", published ? AuditActions.Publish : AuditActions.Unpublish, id, dataset.Version));
        }
        return TypedResults.Ok(DatasetResource.From(dataset, context.Request.BaseUrl()));
    }

    private static async Task<Ok<List<DatasetResource>>> DatasetsAsync(HttpContext context, DatabaseHost database, CancellationToken cancellationToken)
    {
        var writer = Writer.Of(context)!;
        var datasets = await database.Database.Catalog(includeUnpublished: true).ListAsync(cancellationToken);
        var baseUrl = context.Request.BaseUrl();
        return TypedResults.Ok(datasets.Where(d => writer.MayWrite(d.Id)).Select(d => DatasetResource.From(d, baseUrl)).ToList());
    }

    private static async Task<Ok<List<AuditEntry>>> AuditAsync(
        DatabaseHost database, string? dataset, string? actor, string? action, string? since, string? until, string? limit,
        CancellationToken cancellationToken)
    {
        ValidateText("dataset", dataset);
        ValidateText("actor", actor);
        ValidateText("action", action);
        var count = AuditFilter.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > AuditFilter.MaxLimit))
        {
            throw new RequestValidationException("Invalid limit", $"limit must be a whole number from 1 to {AuditFilter.MaxLimit}.");
        }
        var filter = new AuditFilter(dataset, actor, action, Time("since", since), Time("until", until), count);
        return TypedResults.Ok((await database.Database.Audit().ListAsync(filter, cancellationToken)).ToList());
    }

    private static IResult Page(HttpContext context, IWebHostEnvironment environment)
    {
        var page = environment.WebRootFileProvider.GetFileInfo("publish.html");
        if (!page.Exists)
        {
            return TypedResults.NotFound();
        }
        context.Response.Headers[HeaderNames.ContentSecurityPolicy] = PageContentSecurityPolicy;
        context.Response.Headers[HeaderNames.XFrameOptions] = "DENY";
        context.Response.Headers[HeaderNames.CacheControl] = "no-store";
        return TypedResults.File(page.CreateReadStream(), "text/html; charset=utf-8");
    }

    /// <summary>An ISO 8601 time (<c>2026-11-29</c> or <c>2026-11-29T08:00:00Z</c>); times without an offset are UTC.</summary>
    internal static DateTimeOffset? Time(string name, string? text) => text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : throw new RequestValidationException($"Invalid {name}", $"{name} must be an ISO 8601 date or time such as 2026-11-29T08:00:00Z.");

    private static void ValidateText(string name, string? value)
    {
        if (value is not null && (value.Length > ImportEndpointsLimits.MaxLength || value.Any(char.IsControl)))
        {
            throw new RequestValidationException($"Invalid {name}", $"{name} must be at most {ImportEndpointsLimits.MaxLength} characters without control characters.");
        }
    }
}

file static class ImportEndpointsLimits
{
    public const int MaxLength = Import.ImportEndpoints.ImportParameters.MaxLength;
}
