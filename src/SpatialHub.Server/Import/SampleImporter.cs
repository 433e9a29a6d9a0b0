using System.Text.Json;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Import;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Import;

/// <summary>Imports the shipped sample datasets (data-samples/samples.json) into an empty catalog, so that a
/// first start shows real Hong Kong data.</summary>
public sealed class SampleImporter(IOptions<SpatialHubOptions> options, GdalSandbox sandbox, ILogger<SampleImporter> logger, Tiles.TilesOptions tiles)
{
    private sealed record SampleManifest(IReadOnlyList<Sample> Samples);

    /// <summary>One shipped dataset.</summary>
    public sealed record Sample(string Id, string Title, string File, string? Attribution, string? Srs,
        SpatialHub.Core.Publishing.DatasetMetadata? Metadata = null);

    public async Task ImportWhenCatalogEmptyAsync(SpatialHubDatabase database, CancellationToken cancellationToken)
    {
        if ((await database.Catalog(includeUnpublished: true).ListAsync(cancellationToken)).Count > 0)
        {
            return;
        }
        var directory = options.Value.ResolvedSampleDirectory;
        var manifestPath = Path.Combine(directory, "samples.json");
        if (!File.Exists(manifestPath))
        {
            logger.LogWarning("No sample manifest at {Path}: starting with an empty catalog", manifestPath);
            return;
        }
        await using var manifestStream = File.OpenRead(manifestPath);
        var manifest = await JsonSerializer.DeserializeAsync<SampleManifest>(manifestStream, CatalogRepository.JsonOptions, cancellationToken)
            ?? throw new InvalidDataException($"{manifestPath} is empty.");
        var importer = database.Importer(clusterCategories: tiles.ClusterCategories);
        foreach (var sample in manifest.Samples)
        {
            var report = await ImportAsync(importer, directory, sample, sandbox, logger, cancellationToken);
            logger.LogInformation("Imported sample {Dataset}: {Count} features in {Seconds:F1} s",
                sample.Id, report.Imported, report.Elapsed.TotalSeconds);
        }
    }

    private static async Task<ImportReport> ImportAsync(
        DatasetImporter importer, string directory, Sample sample, GdalSandbox sandbox, ILogger logger, CancellationToken cancellationToken)
    {
        await using var source = await ImportSource.OpenAsync(
            Path.Combine(directory, sample.File), new ReaderOptions(sample.File, sample.Srs), format: null, sandbox, logger, cancellationToken);
        return await importer.ImportAsync(new ImportRequest(sample.Id, sample.Title, sample.File, sample.Attribution,
            ImportedBy: "samples", Publishing: new(sample.Metadata)), source.Reader, null, cancellationToken);
    }
}
