using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Import;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>Files made by GDAL's own ogr2ogr (the outside judge of what a format holds), imported the way the CLI
/// and the upload import them: through <see cref="ImportSource"/> and its sandbox.</summary>
public static class ImportFiles
{
    public static async Task<ImportReport> ImportAsync(
        TestDatabase db, string datasetId, string path, string? srs = null, string? layer = null, string? format = null, string? fileName = null)
    {
        fileName ??= Path.GetFileName(path);
        var sandbox = new GdalSandbox(new ImportOptions(), NullLogger.Instance);
        await using var source = await ImportSource.OpenAsync(path, new ReaderOptions(fileName, srs, Layer: layer), format, sandbox, NullLogger.Instance, CancellationToken.None);
        return await new DatasetImporter(db.DataSource).ImportAsync(new ImportRequest(datasetId, datasetId, fileName), source.Reader);
    }

    public static async Task Ogr2OgrAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ogr2ogr", arguments) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync());
    }
}
