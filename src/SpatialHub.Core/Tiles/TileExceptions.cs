namespace SpatialHub.Core.Tiles;

/// <summary>A tile address that does not exist: zoom out of range, x or y beyond 2^z, not a number, or a bad suffix.</summary>
public sealed class InvalidTileException(string message) : Exception(message);

/// <summary>More layers in one request than the configured maximum.</summary>
public sealed class TooManyLayersException(int requested, int maximum)
    : Exception($"{requested} layers requested; at most {maximum} may be combined in one tile.")
{
    public int Requested { get; } = requested;
    public int Maximum { get; } = maximum;
}

/// <summary>A layer list that is empty or names a dataset twice.</summary>
public sealed class InvalidLayerListException(string message) : Exception(message);
