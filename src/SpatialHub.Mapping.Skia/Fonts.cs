using SkiaSharp;

namespace SpatialHub.Mapping.Skia;

/// <summary>Typefaces: the system's default sans (DejaVu Sans on Debian) for Latin text, and for text with
/// characters it lacks (Chinese district and site names) the typeface fontconfig offers for the first such character
/// (Noto Sans CJK from Debian's fonts-noto-cjk, which scripts/setup.sh installs).</summary>
internal static class Fonts
{
    private static readonly SKTypeface Default = SKFontManager.Default.MatchFamily("DejaVu Sans") ?? SKTypeface.Default;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, SKTypeface> Fallbacks = new();

    public static SKFont For(SKTypeface typeface, double size) => new(typeface, (float)size) { Subpixel = true, Edging = SKFontEdging.Antialias };

    public static SKTypeface TypefaceFor(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var codePoint = char.ConvertToUtf32(text, i);
            if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
            if (codePoint > 0x2E7F && Default.GetGlyph(codePoint) == 0)
            {
                return Fallbacks.GetOrAdd(codePoint, c => SKFontManager.Default.MatchCharacter(c) ?? Default);
            }
        }
        return Default;
    }
}
