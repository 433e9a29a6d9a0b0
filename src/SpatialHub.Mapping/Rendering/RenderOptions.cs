namespace SpatialHub.Mapping.Rendering;

/// <summary>How one image is drawn.</summary>
public sealed record RenderOptions
{
    public static readonly RenderOptions Default = new();

    /// <summary>An area's or line's label is placed once in the whole image, not once per tile piece. Raster XYZ tiles
    /// render with it too, over their buffered window, which makes their placement per tile.</summary>
    public bool LabelsOncePerView { get; init; } = true;

    /// <summary>Tiles are fetched this many CSS pixels beyond the edges, so symbols near an edge are drawn whole.</summary>
    public double Margin { get; init; } = 48;

    public bool Attribution { get; init; } = true;

    public bool ScaleBar { get; init; } = true;

    /// <summary>A north arrow in the top-right corner (printed maps; off for tiles and static maps).</summary>
    public bool NorthArrow { get; init; }

    /// <summary>Bottom space kept free of the scale bar and attribution (a PDF puts its legend elsewhere).</summary>
    public double DecorationInset { get; init; } = 6;
}
