using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Publishing;

/// <summary>What the audit trail records of one import, filled in as the import goes: the file's name and SHA-256
/// once it is buffered, the version and rows when it succeeds, the status that refused it otherwise.</summary>
public sealed class ImportAudit(string datasetId, bool dryRun)
{
    private string? _fileName;
    private string? _sha256;

    /// <summary>Hashes the buffered upload (a second read of a local file: cheap beside the import itself).</summary>
    public async Task UploadedAsync(string fileName, string path, CancellationToken cancellationToken)
    {
        _fileName = fileName;
        _sha256 = await Import.FileHash.Sha256Async(path, cancellationToken);
    }

    public AuditEntry Succeeded(ImportReport report) => Entry(AuditEntry.Ok) with
    {
        Version = dryRun ? null : report.Version,
        Rows = report.Imported,
        Detail = report.Skipped > 0 ? $"{report.Skipped} rows skipped" : null,
    };

    public AuditEntry Failed(string outcome, Exception e) => Entry(outcome) with { Detail = e.Message };

    /// <summary>The HTTP status an exception becomes, as the audit outcome; null for a request the client gave up.</summary>
    public static string? Refusal(Exception e) => e is OperationCanceledException
        ? "cancelled"
        : (ErrorResponses.ToProblem(e).Status ?? 500).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private AuditEntry Entry(string outcome) =>
        new("cli", dryRun ? AuditActions.Validate : AuditActions.Import, DatasetId: Core.Catalog.DatasetId.IsValid(datasetId) ? datasetId : null,
            FileName: _fileName, FileSha256: _sha256, Outcome: outcome);
}
