namespace SpatialHub.Server.Projection;

/// <summary>Limits of <c>POST /api/transform</c> (<c>SpatialHub:Transform</c>), which anyone may call.</summary>
public sealed class TransformSettings
{
    /// <summary>Largest body, in bytes; larger ones get 413 before they are read. 32 MiB holds a million Hong Kong
    /// grid pairs with centimetres ("[836694.05,819069.80]," is 22 bytes).</summary>
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Most positions in one body; reading stops with 413 at the first one beyond.</summary>
    public int MaxPoints { get; set; } = 1_000_000;
}
