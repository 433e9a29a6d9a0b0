using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Import;
using SpatialHub.Core.Projection;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Reads;
using SpatialHub.Server.Features;

namespace SpatialHub.Server.Hosting;

/// <summary>The one place where domain errors become RFC 7807 responses. Handlers just throw.</summary>
internal sealed class ErrorResponses(IProblemDetailsService problemDetails, ILogger<ErrorResponses> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 5;

    // ENOSPC: .NET's IOException carries the errno as its HResult on Linux.
    private const int NoSpaceLeftOnDevice = 28;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // Database failures that reach the edge untranslated (an open reader read by the endpoint) are typed here.
        var problem = ToProblem(DatabaseErrors.Translate(exception)
            ?? (exception is BadHttpRequestException ? DatasetIdBinding.Explain(context) : null) ?? exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Request failed: {Title}", problem.Title);
        }
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    internal static ProblemDetails ToProblem(Exception exception) => exception switch
    {
        DatasetNotFoundException e => Problem(StatusCodes.Status404NotFound, "Dataset not found", e.Message),
        InvalidDatasetIdException e => Problem(StatusCodes.Status400BadRequest, "Invalid dataset id", e.Message),
        InvalidFeatureReferenceException e => Problem(StatusCodes.Status400BadRequest, "Invalid feature reference", e.Message),
        InvalidTileException e => Problem(StatusCodes.Status400BadRequest, "Invalid tile", e.Message),
        TooManyLayersException e => Problem(StatusCodes.Status400BadRequest, "Too many layers", e.Message),
        InvalidLayerListException e => Problem(StatusCodes.Status400BadRequest, "Invalid layer list", e.Message),
        FeatureNotFoundException e => Problem(StatusCodes.Status404NotFound, "Feature not found", e.Message),
        MapPageMissingException e => Problem(StatusCodes.Status404NotFound, "Map page not found", e.Message),
        UnsupportedCrsException e => Problem(StatusCodes.Status400BadRequest, "Unsupported CRS", e.Message),
        ImportFailedException e => ImportProblem(e),
        UnsupportedFormatException e => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported format", e.Message),
        UnknownHostException e => Problem(StatusCodes.Status400BadRequest, "Unknown host", e.Message),
        SpatialHub.Server.Import.UploadRefusedException e => Problem(e.Status, e.Title, e.Message),
        RequestValidationException e => Problem(StatusCodes.Status400BadRequest, e.Title, e.Message),
        SpatialHub.Core.Publishing.InvalidMetadataException e => Problem(StatusCodes.Status400BadRequest, $"Invalid {e.Field}", e.Message),
        BadHttpRequestException e => Problem(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Too large" : "Bad request", e.Message),
        StatementTimeoutException e => Problem(StatusCodes.Status503ServiceUnavailable, "Query took too long",
            $"{e.Message} The limit is SpatialHub:ExpensiveReads:StatementTimeoutSeconds; narrow the request (bbox, limit) or retry later."),
        DatabaseUnavailableException e => Problem(StatusCodes.Status503ServiceUnavailable, "Database unavailable", e.Message),
        DatasetChangedException e => Problem(StatusCodes.Status503ServiceUnavailable, "Dataset changed", e.Message),
        QueryCancelledException e => Problem(StatusCodes.Status503ServiceUnavailable, "Query cancelled", e.Message),
        DatabaseStorageFullException e => Problem(StatusCodes.Status507InsufficientStorage, "Insufficient storage", e.Message),
        IOException e when e.HResult == NoSpaceLeftOnDevice => Problem(StatusCodes.Status507InsufficientStorage, "Insufficient storage",
            "The server's temporary folder is full, so the upload could not be kept; nothing was changed. Try again later."),
        _ => Problem(StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred."),
    };

    private static ProblemDetails ImportProblem(ImportFailedException e)
    {
        var problem = Problem(StatusCodes.Status422UnprocessableEntity, "Import refused", e.Message);
        problem.Extensions["totalIssues"] = e.TotalIssues;
        problem.Extensions["issues"] = e.Issues.Select(i => new { i.File, i.Line, i.Field, i.Value, i.Reason, message = i.ToString() }).ToList();
        return problem;
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}

/// <summary>A request whose parameters are wrong in a way the handler detected (answered 400).</summary>
public sealed class RequestValidationException(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}
