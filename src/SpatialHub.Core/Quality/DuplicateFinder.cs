namespace SpatialHub.Core.Quality;

/// <summary>
/// Finds point features within a tolerance of an earlier one, as they stream by, on a hash grid of Web Mercator
/// cells twice the tolerance wide (so a neighbour is in one of the four cells around the point). Keeps 24 bytes per
/// point plus the grid's entry, not the features; an attribute hash tells same from different attributes. Positions
/// are floats relative to the first point: a dataset within Hong Kong spans under 150 km, where a float resolves 1 cm.
/// </summary>
internal sealed class DuplicateFinder(double toleranceMetres, int maxListed)
{
    // Web Mercator stretches distances by 1/cos(latitude): about 1.08 in Hong Kong (22.1°–22.6° N). The cell is
    // sized for the largest stretch in the territory so that the four-cell search never misses a neighbour.
    private const double MaxStretch = 1.0 / 0.9228; // 1 / cos(22.7°)

    private readonly double _cell = 2 * toleranceMetres * MaxStretch;
    private readonly Dictionary<long, int> _heads = new(CellComparer.Instance);
    private readonly List<Entry> _points = [];
    private readonly List<DuplicatePair> _rows = [];
    private readonly HashSet<int> _flagged = [];
    private long _pairs;
    private long _samePairs;
    private (double X, double Y)? _origin;

    private readonly record struct Entry(float X, float Y, int Next, int FeatureId, int Line, int AttributeHash);

    /// <summary>Adds a point (Web Mercator x, y; latitude for the scale); returns the earlier points it duplicates.</summary>
    public IReadOnlyList<DuplicatePair> Observe(long featureId, long line, double x, double y, double latitude, int attributeHash)
    {
        List<DuplicatePair>? found = null;
        _origin ??= (x, y);
        (x, y) = ((float)(x - _origin.Value.X), (float)(y - _origin.Value.Y));
        var scale = Math.Cos(latitude * Math.PI / 180);
        var (cx, cy) = ((long)Math.Floor(x / _cell), (long)Math.Floor(y / _cell));
        // The two cells on each axis nearest the point: a neighbour within half a cell cannot be further.
        var nx = x - (cx * _cell) < _cell / 2 ? cx - 1 : cx + 1;
        var ny = y - (cy * _cell) < _cell / 2 ? cy - 1 : cy + 1;
        foreach (var key in (ReadOnlySpan<long>)[Key(cx, cy), Key(nx, cy), Key(cx, ny), Key(nx, ny)])
        {
            for (var i = _heads.GetValueOrDefault(key, -1); i >= 0; i = _points[i].Next)
            {
                var other = _points[i];
                var metres = Math.Sqrt(((other.X - x) * (other.X - x)) + ((other.Y - y) * (other.Y - y))) * scale;
                if (metres > toleranceMetres)
                {
                    continue;
                }
                var same = other.AttributeHash == attributeHash;
                _pairs++;
                _samePairs += same ? 1 : 0;
                _flagged.Add(i);
                _flagged.Add(_points.Count);
                var pair = new DuplicatePair(featureId, line, other.FeatureId, other.Line, Math.Round(metres, 3), same);
                (found ??= []).Add(pair);
                if (_rows.Count < maxListed)
                {
                    _rows.Add(pair);
                }
            }
        }
        _points.Add(new Entry((float)x, (float)y, _heads.GetValueOrDefault(Key(cx, cy), -1), checked((int)featureId), checked((int)line), attributeHash));
        _heads[Key(cx, cy)] = _points.Count - 1;
        return found ?? (IReadOnlyList<DuplicatePair>)[];
    }

    /// <summary>Cell indices relative to the first point fit in 32 bits each (a cell is over a metre wide).</summary>
    private static long Key(long cx, long cy) => (cx << 32) ^ (cy & 0xFFFF_FFFF);

    public DuplicateReport Report() => new(toleranceMetres, _flagged.Count, _pairs, _samePairs, _rows);

    /// <summary>long's own hash XORs its halves, which for (cx, cy) keys collapses a city into a few thousand buckets
    /// (cx ^ cy); Fibonacci hashing spreads them.</summary>
    private sealed class CellComparer : IEqualityComparer<long>
    {
        public static readonly CellComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E37_79B9_7F4A_7C15UL) >> 32);
    }
}
