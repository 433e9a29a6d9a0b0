using Npgsql;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Import;
using SpatialHub.PostGis.Publishing;

namespace SpatialHub.Server.Cli;

/// <summary>Records a command-line import in the audit trail, as <c>cli:&lt;OS user&gt;</c> from <c>local</c>,
/// whether it succeeds or is refused.</summary>
internal static class CliImportAudit
{
    public static async Task<ImportReport> RecordAsync(
        NpgsqlDataSource dataSource, ImportRequest request, FileInfo file, Func<Task<ImportReport>> import, CancellationToken cancellationToken)
    {
        string sha256;
        await using (var stream = file.OpenRead())
        {
            sha256 = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken));
        }
        var entry = new AuditEntry(request.ImportedBy ?? ImportPublishingOptions.Actor, AuditActions.Import, request.DatasetId,
            FileName: file.Name, FileSha256: sha256, Client: "local");
        try
        {
            var report = await import();
            await new AuditLog(dataSource).WriteAsync(entry with { Version = report.Version, Rows = report.Imported }, CancellationToken.None);
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await new AuditLog(dataSource).WriteAsync(entry with { Outcome = CliErrors.Describe(e), Detail = e.Message }, CancellationToken.None);
            throw;
        }
    }
}
