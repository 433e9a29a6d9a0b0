namespace SpatialHub.PostGis.Tiles;

/// <summary>How much a tile gives up to stay within the byte budget. Level 0 is everything; each level above
/// it halves something again, so a tile converges to the budget in a few renders.</summary>
/// <remarks>
/// Level 1 drops attributes (ids, cluster counts and sums stay). Level n ≥ 2 also halves the cluster grid
/// n−1 times (counts stay exact), keeps one raw feature in 2^(n−1) by feature id, and multiplies the
/// simplification tolerance by 2^(n−1). Only thinning (level ≥ 2 at raw zooms) loses features.
/// </remarks>
public readonly record struct TileDetail(int Level)
{
    public const int Highest = 10;

    public static TileDetail Full => new(0);

    public bool KeepsAttributes => Level == 0;

    /// <summary>Halvings applied to grids, thinning and tolerance.</summary>
    public int Halvings => Math.Max(0, Level - 1);

    public int ClusterGrid(int grid) => Math.Max(1, grid >> Halvings);

    /// <summary>Keep one raw feature in this many (1: all).</summary>
    public long ThinningModulus => 1L << Halvings;

    public double ToleranceFactor => 1 << Halvings;
}
