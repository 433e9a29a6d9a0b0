using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Rendering;

/// <summary>Text size as a backend measures it, in CSS pixels.</summary>
public readonly record struct TextSize(double Width, double Ascent, double Descent);

/// <summary>
/// The one drawing interface between the model and a backend (SkiaSharp today, a browser canvas later): plain shapes and
/// text in CSS pixels. The backend applies the pixel ratio and picks typefaces (including CJK fallback).
/// </summary>
public interface IMapCanvas
{
    void Clear(MapColour colour);

    /// <summary>Filled and/or stroked circle; the stroke lies outside the radius, as MapLibre draws it.</summary>
    void DrawCircle(ScreenPoint centre, double radius, MapColour? fill, MapColour? stroke, double strokeWidth);

    /// <summary>Polylines (<paramref name="closed"/> false) or rings filled with the even-odd rule (holes stay open).</summary>
    void DrawPath(IReadOnlyList<IReadOnlyList<ScreenPoint>> parts, bool closed, MapColour? fill, MapColour? stroke, double strokeWidth);

    /// <summary>Text whose baseline starts at <paramref name="origin"/>, with an optional halo behind it.</summary>
    void DrawText(string text, ScreenPoint origin, double size, MapColour colour, MapColour? halo, double haloWidth);

    TextSize MeasureText(string text, double size);

    void PushClip(ScreenRect rect);

    void PopClip();
}
