using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Rendering;

/// <summary>A label that was drawn: its text and the box it occupies (CSS pixels).</summary>
public sealed record PlacedLabel(string LayerId, string Text, ScreenRect Box, bool AllowsOverlap);

internal sealed record LabelCandidate(
    string LayerId, int LayerIndex, string Text, string[] Lines, ScreenRect Box, double Size, double LineHeight, double Ascent,
    MapColour Colour, MapColour? Halo, double HaloWidth, bool AllowOverlap, bool IgnorePlacement, string? UniqueKey, double Weight);

/// <summary>
/// Places labels as MapLibre does in spirit: the upper style layer first, a label that would overlap one already placed
/// is left out (unless its layer allows overlap), and with <c>oncePerView</c> an area's or line's text appears once
/// per image, at its largest visible piece, however many tiles it was cut into.
/// </summary>
internal sealed class LabelPlacer(IMapCanvas canvas, bool oncePerView)
{
    private const double Padding = 2;
    private readonly List<LabelCandidate> _candidates = [];
    private readonly Dictionary<string, int> _unique = new(StringComparer.Ordinal);

    public void Add(LabelCandidate candidate)
    {
        if (oncePerView && candidate.UniqueKey is { } key)
        {
            if (_unique.TryGetValue(key, out var index))
            {
                if (_candidates[index].Weight < candidate.Weight)
                {
                    _candidates[index] = candidate;
                }
                return;
            }
            _unique[key] = _candidates.Count;
        }
        _candidates.Add(candidate);
    }

    /// <summary>Decides and draws; returns what was drawn.</summary>
    public List<PlacedLabel> PlaceAndDraw(ScreenRect bounds)
    {
        var placed = new List<LabelCandidate>();
        var occupied = new List<ScreenRect>();
        var priority = _candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.LayerIndex).ThenBy(x => x.i).Select(x => x.c);
        foreach (var candidate in priority)
        {
            var box = candidate.Box.Inflate(Padding);
            if (!candidate.AllowOverlap && (!bounds.Intersects(candidate.Box) || occupied.Any(o => o.Intersects(box))))
            {
                continue;
            }
            placed.Add(candidate);
            if (!candidate.IgnorePlacement)
            {
                occupied.Add(box);
            }
        }
        // Drawn bottom layer first so an upper layer's text lies on top, as placed.
        foreach (var label in placed.OrderBy(p => p.LayerIndex))
        {
            for (var line = 0; line < label.Lines.Length; line++)
            {
                var width = canvas.MeasureText(label.Lines[line], label.Size).Width;
                var origin = new ScreenPoint(
                    label.Box.Left + ((label.Box.Width - width) / 2), label.Box.Top + label.Ascent + (line * label.LineHeight));
                canvas.DrawText(label.Lines[line], origin, label.Size, label.Colour, label.Halo, label.HaloWidth);
            }
        }
        return placed.Select(p => new PlacedLabel(p.LayerId, p.Text, p.Box, p.AllowOverlap)).ToList();
    }
}
