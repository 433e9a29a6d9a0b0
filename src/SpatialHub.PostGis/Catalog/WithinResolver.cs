using System.Collections.Concurrent;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Catalog;

/// <summary>
/// The one place a <c>within=dataset:featureId</c> becomes a <see cref="WithinFilter"/>, for tiles, feature queries
/// and the CLI alike: an unknown dataset throws <see cref="DatasetNotFoundException"/> and an unknown feature
/// <see cref="FeatureNotFoundException"/> (both 404 at the edge), rather than silently matching nothing. A feature
/// found in one version of a dataset stays there, so each (dataset, version, feature) is checked once; tiles then
/// pay no extra round trip.
/// </summary>
public sealed class WithinResolver(Func<ReadRouter> reads)
{
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<(string Id, long Version, long FeatureId), bool> _found = new();

    /// <summary>Looks the area's dataset up at its current version, then its feature.</summary>
    public async Task<WithinFilter> ResolveAsync(FeatureReference reference, CancellationToken cancellationToken)
    {
        var area = await new CatalogRepository(reads()).GetAsync(reference.DatasetId, cancellationToken);
        return await ResolveAsync(area, reference.FeatureId, cancellationToken);
    }

    /// <summary>The area in <paramref name="area"/>, a dataset the caller already read from the catalog.</summary>
    public async Task<WithinFilter> ResolveAsync(Dataset area, long featureId, CancellationToken cancellationToken)
    {
        if (Found(area, featureId) is { } found)
        {
            return found;
        }
        var exists = await reads().ReadAsync(
            async dataSource =>
            {
                await using var command = dataSource.CreateCommand($"SELECT EXISTS (SELECT FROM {area.FeatureTable} WHERE feature_id = $1)");
                command.Parameters.Add(new NpgsqlParameter { Value = featureId });
                return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            },
            null, cancellationToken);
        if (!exists)
        {
            throw new FeatureNotFoundException(area.Id, featureId);
        }
        if (_found.Count >= MaxRemembered)
        {
            _found.Clear(); // any feature id can be asked for: keep the memory bounded
        }
        _found[(area.Id, area.Version, featureId)] = true;
        return new WithinFilter(area, featureId);
    }

    /// <summary>The filter when this feature of this version was found before, else null (no database round trip).</summary>
    public WithinFilter? Found(Dataset area, long featureId) =>
        _found.ContainsKey((area.Id, area.Version, featureId)) ? new WithinFilter(area, featureId) : null;
}
