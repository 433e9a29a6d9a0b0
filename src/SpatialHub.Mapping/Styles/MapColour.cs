using System.Globalization;

namespace SpatialHub.Mapping.Styles;

/// <summary>An sRGB colour with alpha (0–1), as MapLibre styles write them (<c>#rgb</c>, <c>#rrggbb</c>,
/// <c>#rrggbbaa</c>, <c>rgb()</c>, <c>rgba()</c> and a few names). Backend-neutral: each backend converts it.</summary>
public readonly record struct MapColour(byte R, byte G, byte B, double A = 1)
{
    public static readonly MapColour Transparent = new(0, 0, 0, 0);
    public static readonly MapColour Black = new(0, 0, 0);
    public static readonly MapColour White = new(255, 255, 255);

    public MapColour WithOpacity(double opacity) => this with { A = Math.Clamp(A * opacity, 0, 1) };

    public bool IsVisible => A > 0;

    public string ToHex() => $"#{R:x2}{G:x2}{B:x2}";

    public static MapColour? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var value = text.Trim().ToLowerInvariant();
        if (value.StartsWith('#'))
        {
            return ParseHex(value.AsSpan(1));
        }
        if (value.StartsWith("rgb", StringComparison.Ordinal) && value.IndexOf('(') is var open and > 0 && value.EndsWith(')'))
        {
            var parts = value[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length is 3 or 4 && parts.Take(3).All(p => byte.TryParse(p, CultureInfo.InvariantCulture, out _)))
            {
                var alpha = parts.Length == 4 && double.TryParse(parts[3], CultureInfo.InvariantCulture, out var a) ? a : 1;
                return new MapColour(byte.Parse(parts[0], CultureInfo.InvariantCulture), byte.Parse(parts[1], CultureInfo.InvariantCulture),
                    byte.Parse(parts[2], CultureInfo.InvariantCulture), Math.Clamp(alpha, 0, 1));
            }
            return null;
        }
        return value switch
        {
            "white" => White,
            "black" => Black,
            "transparent" => Transparent,
            "red" => new MapColour(255, 0, 0),
            "blue" => new MapColour(0, 0, 255),
            "green" => new MapColour(0, 128, 0),
            "gray" or "grey" => new MapColour(128, 128, 128),
            _ => null,
        };
    }

    private static MapColour? ParseHex(ReadOnlySpan<char> hex)
    {
        if (!uint.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
        {
            return null;
        }
        return hex.Length switch
        {
            3 => new MapColour((byte)(((v >> 8) & 0xf) * 17), (byte)(((v >> 4) & 0xf) * 17), (byte)((v & 0xf) * 17)),
            6 => new MapColour((byte)(v >> 16), (byte)(v >> 8), (byte)v),
            8 => new MapColour((byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (v & 0xff) / 255.0),
            _ => null,
        };
    }
}
