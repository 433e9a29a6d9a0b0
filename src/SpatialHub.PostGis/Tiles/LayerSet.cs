using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;

namespace SpatialHub.PostGis.Tiles;

/// <summary>The datasets of one tile request at their current versions, with the optional <c>within</c> area.</summary>
public sealed class LayerSet
{
    public LayerSet(IReadOnlyList<Dataset> datasets, WithinFilter? within)
    {
        Datasets = datasets;
        Within = within;
        var key = new StringBuilder();
        foreach (var dataset in datasets)
        {
            key.Append(key.Length == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{dataset.Id}@{dataset.Version}");
        }
        if (within is not null)
        {
            key.Append(CultureInfo.InvariantCulture, $"~{within.Area.Id}@{within.Area.Version}-{within.FeatureId}");
        }
        CacheKey = key.ToString();
        VersionToken = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CacheKey)).AsSpan(0, 6));
    }

    public IReadOnlyList<Dataset> Datasets { get; }

    public WithinFilter? Within { get; }

    /// <summary>Changes whenever any dataset involved is re-imported; names the tiles in caches (also a safe folder name).</summary>
    public string CacheKey { get; }

    /// <summary>Short hash of <see cref="CacheKey"/>, the <c>v</c> of versioned tile URLs.</summary>
    public string VersionToken { get; }
}
