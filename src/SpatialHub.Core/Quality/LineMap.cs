namespace SpatialHub.Core.Quality;

/// <summary>
/// Each feature's source line, kept as runs rather than one entry per feature: a line is the feature id plus an
/// offset that changes only where a record spans lines or a row was refused, so a 1.5 M-row CSV needs one run. The
/// checks that run in the database (zones, after load) know feature ids only; this gives their findings lines too.
/// </summary>
internal sealed class LineMap
{
    private readonly List<(long FeatureId, long Offset)> _runs = [];

    /// <summary>Features are added in increasing id order, as the import reads them.</summary>
    public void Add(long featureId, long line)
    {
        var offset = line - featureId;
        if (_runs.Count == 0 || _runs[^1].Offset != offset)
        {
            _runs.Add((featureId, offset));
        }
    }

    /// <summary>The line of a feature that was added (for ids in between, that of the run it falls in).</summary>
    public long LineOf(long featureId)
    {
        var (low, high) = (0, _runs.Count - 1);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_runs[middle].FeatureId <= featureId)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        return _runs.Count == 0 ? featureId : featureId + _runs[low].Offset;
    }
}
