namespace SpatialHub.Mapping.Styles;

/// <summary>One legend line of a dataset's style (<c>metadata["spatialhub:legend"]</c>), as the web map shows it.</summary>
public sealed record LegendItem(string Dataset, string Label, MapColour Colour, string Shape, bool Ring);
