using System.Globalization;

namespace SpatialHub.Core.Quality;

/// <summary>How the quality report writes numbers for people.</summary>
public static class QualityText
{
    /// <summary>A distance as a reader wants it: millimetres, centimetres, metres or kilometres, two significant-ish digits.</summary>
    public static string Metres(double metres) => metres switch
    {
        < 0.01 => string.Create(CultureInfo.InvariantCulture, $"{metres * 1000:0.#} mm"),
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{metres * 100:0.#} cm"),
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{metres:0.##} m"),
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{metres:0} m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{metres / 1000:0} km"),
    };
}
