using SpatialHub.PostGis;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Import;
using SpatialHub.PostGis.Publishing;

namespace SpatialHub.Server.Cli;

/// <summary>Records a command-line import in the audit trail, as <c>cli:&lt;OS user&gt;</c> from <c>local</c>,
/// whether it succeeds or is refused.</summary>
internal static class CliImportAudit
{
    public static async Task<ImportReport> RecordAsync(
        SpatialHubDatabase database, ImportRequest request, string path, Func<Task<ImportReport>> import, CancellationToken cancellationToken)
    {
        // A folder (.gdb) has no single hash; a download is hashed as the file it was fetched into.
        var sha256 = File.Exists(path) ? await Import.FileHash.Sha256Async(path, cancellationToken) : null;
        var entry = new AuditEntry(request.ImportedBy ?? ImportPublishingOptions.Actor, AuditActions.Import, request.DatasetId,
            FileName: request.FileName, FileSha256: sha256, Client: "local");
        try
        {
            var report = await import();
            await database.Audit().WriteAsync(entry with { Version = report.Version, Rows = report.Imported }, CancellationToken.None);
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await database.Audit().WriteAsync(entry with { Outcome = CliErrors.Describe(e), Detail = e.Message }, CancellationToken.None);
            throw;
        }
    }
}
