using SpatialHub.Core.Catalog;
using SpatialHub.Core.Import;

namespace SpatialHub.Core.Analytics;

/// <summary>Which attributes zone statistics add up and average.</summary>
public static class NumericFields
{
    /// <summary>The fields asked for (comma-separated; each must be an integer or real field of the dataset), else
    /// every numeric field that is not a coordinate column (a sum of latitudes means nothing).</summary>
    public static IReadOnlyList<string> Choose(string parameter, Dataset dataset, string? requested)
    {
        var numeric = dataset.Fields.Where(f => f.Type is "integer" or "real").Select(f => f.Name).ToList();
        if (requested is null)
        {
            return numeric.Where(name => !CoordinateColumns.IsCoordinateName(name)).ToList();
        }
        var names = requested.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            if (!numeric.Contains(name, StringComparer.Ordinal))
            {
                throw new AnalyticsParameterException(parameter,
                    $"{parameter}: '{DatasetSelector.Shorten(name)}' is not a numeric field of '{dataset.Id}' ({(numeric.Count == 0 ? "it has none" : string.Join(", ", numeric))}).");
            }
        }
        return names.Distinct(StringComparer.Ordinal).ToList();
    }
}
