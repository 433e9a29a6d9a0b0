using Microsoft.Extensions.Options;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Import;
using SpatialHub.Core.Quality;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Publishing;

namespace SpatialHub.Server.Import;

/// <summary><c>PUT /api/datasets/{id}</c>: upload a file as the dataset's new version (API key required).</summary>
public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImport(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/datasets/{id}", ImportAsync)
            .RequireWriteAccess()
            .WithTags("Import")
            .WithSummary("Import the request body as the dataset's new version; the previous version stays until it succeeds")
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The import options, as query parameters.</summary>
    public sealed record ImportParameters(
        string? Title, string? Attribution, string? Srs, string? XField, string? YField, string? Format, string? FileName, string? OnError,
        string? Layer = null, string? PositionFrom = null, string? ZoneField = null, string? Key = null)
    {
        /// <summary>Longest text any option may have: titles and attributions are shown on the map, not stored essays.</summary>
        public const int MaxLength = 500;

        /// <summary>Refuses (400) options PostgreSQL or the file system would refuse later as a 500: control characters
        /// (NUL above all, which PostgreSQL text cannot hold), overlong text, and a format that is not a plain name.</summary>
        public void Validate()
        {
            foreach (var (name, value) in new[]
                     {
                         ("title", Title), ("attribution", Attribution), ("srs", Srs), ("xField", XField), ("yField", YField),
                         ("format", Format), ("fileName", FileName), ("onError", OnError), ("layer", Layer),
                         ("positionFrom", PositionFrom), ("zoneField", ZoneField), ("key", Key),
                     })
            {
                if (value is null)
                {
                    continue;
                }
                if (value.Length > MaxLength)
                {
                    throw new RequestValidationException($"Invalid {name}", $"{name} is longer than {MaxLength} characters.");
                }
                if (value.Any(char.IsControl))
                {
                    throw new RequestValidationException($"Invalid {name}", $"{name} must not contain control characters.");
                }
            }
            if (Format is not null && !Format.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                throw new RequestValidationException("Invalid format", "format must be a format name such as csv, geojson, shp or gpkg.");
            }
        }
    }

    private static async Task<IResult> ImportAsync(
        DatasetId id, [AsParameters] ImportParameters parameters, [AsParameters] PublishingParameters publishing, HttpRequest request,
        DatabaseHost database, IOptions<SpatialHubOptions> options, IOptions<Changes.VersionOptions> versions, CatalogVersionWatcher watcher, ImportGate gate, GdalSandbox sandbox,
        IOptions<QualityOptions> quality, AuditTrail audit, ILogger<ImportSource> logger, CancellationToken cancellationToken)
    {
        var record = new ImportAudit(id, publishing.IsDryRun);
        try
        {
            var report = await ImportCoreAsync(id, parameters, publishing, record, request, database, options, versions, watcher, gate, sandbox, quality, logger, cancellationToken);
            await audit.RecordAsync(request.HttpContext, record.Succeeded(report));
            return TypedResults.Ok(report);
        }
        catch (Exception e) when (ImportAudit.Refusal(e) is { } outcome)
        {
            await audit.RecordAsync(request.HttpContext, record.Failed(outcome, e));
            throw;
        }
    }

    private static async Task<ImportReport> ImportCoreAsync(
        string id, ImportParameters parameters, PublishingParameters publishing, ImportAudit record, HttpRequest request,
        DatabaseHost database, IOptions<SpatialHubOptions> options, IOptions<Changes.VersionOptions> versions, CatalogVersionWatcher watcher, ImportGate gate, GdalSandbox sandbox,
        IOptions<QualityOptions> quality, ILogger<ImportSource> logger, CancellationToken cancellationToken)
    {
        parameters.Validate();
        var edit = publishing.ToEdit();
        var policy = ParsePolicy(parameters.OnError);
        var positionFrom = PositionFromNames.Parse(parameters.PositionFrom)
            ?? throw new RequestValidationException("Invalid positionFrom", $"positionFrom must be {PositionFromNames.Described}.");
        var format = parameters.Format ?? InputFormats.FromMediaType(request.ContentType)?.Name;
        var fileName = parameters.FileName is { Length: > 0 } name ? Path.GetFileName(name) : $"{id}.{format ?? "upload"}";
        // Taken before the body is buffered: the slots bound disk use as well as GDAL runs.
        using var slot = gate.Enter();
        var path = await UploadBuffer.SaveAsync(request, options.Value.MaxUploadBytes, Path.GetExtension(fileName), cancellationToken);
        await record.UploadedAsync(fileName, path, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(sandbox.Options.Timeout);
        try
        {
            var importRequest = new ImportRequest(id, parameters.Title ?? id, fileName, parameters.Attribution, policy,
                Quality: new QualityRequest(quality.Value, parameters.ZoneField), KeyField: parameters.Key,
                ImportedBy: Writer.Of(request.HttpContext)?.Name, Publishing: edit, DryRun: publishing.IsDryRun);
            var readerOptions = new ReaderOptions(fileName, parameters.Srs, parameters.XField, parameters.YField, parameters.Layer, positionFrom);
            await using var source = await ImportSource.OpenAsync(path, readerOptions, format, sandbox, logger, timeout.Token);
            var report = await database.Database.Importer(versions.Value.Keep, request.HttpContext.RequestServices.GetRequiredService<Tiles.TilesOptions>().ClusterCategories).ImportAsync(importRequest, source.Reader, null, timeout.Token);
            if (!importRequest.DryRun)
            {
                watcher.Announce(id, report.Version);
            }
            return report;
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is not UploadRefusedException)
        {
            throw UploadRefusedException.Unreadable(
                $"{fileName}: the import took longer than {sandbox.Options.TimeoutSeconds} s (SpatialHub:Import:TimeoutSeconds) and was stopped; nothing was imported.");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static RowErrorPolicy ParsePolicy(string? onError) => onError?.ToLowerInvariant() switch
    {
        null or "" or "fail" => RowErrorPolicy.Fail,
        "skip" => RowErrorPolicy.Skip,
        _ => throw new RequestValidationException("Invalid onError", "onError must be 'fail' or 'skip'."),
    };
}
