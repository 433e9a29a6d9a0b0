using Microsoft.Extensions.Options;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Import;
using SpatialHub.Core.Projection;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Backup;
using SpatialHub.PostGis.Embedded;

using SpatialHub.Server.Hosting;
using SpatialHub.Server.Import;

namespace SpatialHub.Server.Cli;

/// <summary>The one map from what went wrong in a verb to its exit code (README, "Exit codes"), with one message on
/// standard error instead of a stack trace.</summary>
internal static class CliErrors
{
    public const int Success = 0;
    public const int Refused = 1;
    public const int BadInput = 2;
    public const int BadConfiguration = 3;
    public const int DatabaseUnavailable = 4;
    public const int Unexpected = 70;
    public const int Cancelled = 130;

    public static int Report(Exception exception)
    {
        var error = Console.Error;
        var (code, message) = Classify(DatabaseErrors.Translate(exception) ?? exception);
        if (exception is ImportFailedException refused)
        {
            ImportProgressDisplay.PrintRefusal(refused);
        }
        else
        {
            error.WriteLine($"error: {message}");
        }
        return code;
    }

    private static (int Code, string Message) Classify(Exception exception) => exception switch
    {
        ImportFailedException e => (Refused, e.Message),
        UploadRefusedException e => (Refused, e.Message),
        Sources.SourceFetchException e => (Refused, e.Message),
        CatalogNotEmptyException e => (BadConfiguration, e.Message),
        BackupException e => (Refused, e.Message),
        CliInputException or RequestValidationException or FileNotFoundException or DirectoryNotFoundException or UnsupportedFormatException
            or InvalidDatasetIdException or DatasetNotFoundException or FeatureNotFoundException or InvalidFeatureReferenceException or InvalidTileException
            or TooManyLayersException or InvalidLayerListException or UnsupportedCrsException or CoordinateLineException
            => (BadInput, exception.Message),
        OptionsValidationException e => (BadConfiguration, "invalid configuration: " + string.Join(" ", e.Failures)),
        AggregateException e when e.InnerExceptions.All(i => i is OptionsValidationException) => (BadConfiguration,
            "invalid configuration: " + string.Join(" ", e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures))),
        InvalidConnectionStringException e => (BadConfiguration, e.Message),
        DatabaseException or EmbeddedClusterException => (DatabaseUnavailable, exception.Message),
        OperationCanceledException => (Cancelled, "cancelled"),
        _ => (Unexpected, $"unexpected {exception.GetType().Name}: {exception.Message}"),
    };
}

/// <summary>The arguments ask for something that cannot be done (exit code 2).</summary>
internal sealed class CliInputException(string message) : Exception(message);
