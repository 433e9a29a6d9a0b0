using SpatialHub.Core.Catalog;

namespace SpatialHub.Core.Tiles;

/// <summary>The <c>{layers}</c> path segment: one dataset id or several, comma-separated, each once.</summary>
public static class TileLayers
{
    /// <summary>Default cap on layers per request: each layer is a sub-query of the tile's one statement.</summary>
    public const int DefaultMaxLayers = 10;

    /// <summary>The dataset ids in request order. Throws <see cref="InvalidDatasetIdException"/> for a malformed id,
    /// <see cref="TooManyLayersException"/> beyond <paramref name="maxLayers"/> and <see cref="InvalidLayerListException"/>
    /// for an empty list or a repeated id.</summary>
    public static IReadOnlyList<string> Parse(string? text, int maxLayers = DefaultMaxLayers)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new InvalidLayerListException("No layers given: use one dataset id or a comma-separated list.");
        }
        var ids = text.Split(',');
        if (ids.Length > maxLayers)
        {
            throw new TooManyLayersException(ids.Length, maxLayers);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(DatasetId.Validate(id)))
            {
                throw new InvalidLayerListException($"Layer '{id}' is listed twice.");
            }
        }
        return ids;
    }
}
