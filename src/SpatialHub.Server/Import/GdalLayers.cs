using System.Globalization;
using System.Text.RegularExpressions;

namespace SpatialHub.Server.Import;

/// <summary>A layer of a GDAL dataset as <c>ogrinfo</c> describes it.</summary>
/// <param name="Name">The layer's name, as <c>--layer</c> takes it.</param>
/// <param name="GeometryType">GDAL's name (Point, Multi Polygon, None ...); null when the listing did not give it.</param>
public sealed record GdalLayer(string Name, string? GeometryType)
{
    public long? FeatureCount { get; init; }

    /// <summary>minx, miny, maxx, maxy in the layer's CRS.</summary>
    public double[]? Extent { get; init; }

    /// <summary>"EPSG:2326" when the CRS carries an EPSG id; null when unknown.</summary>
    public string? Crs { get; init; }

    public IReadOnlyList<GdalField> Fields { get; init; } = [];
}

/// <summary>A field as GDAL types it (String, Integer64, Real, Date ...).</summary>
public sealed record GdalField(string Name, string Type);

/// <summary>Reads <c>ogrinfo</c>'s text (GDAL 3.6 has no <c>-json</c>): the layer listing of <c>ogrinfo -ro FILE</c>
/// and the summaries of <c>ogrinfo -ro -so -al FILE</c>.</summary>
internal static partial class GdalLayers
{
    /// <summary>The layers of a listing: lines such as <c>1: lampposts (Point)</c>, or <c>1: table</c> without geometry.</summary>
    public static IReadOnlyList<GdalLayer> FromListing(string ogrinfoOutput) =>
        ogrinfoOutput.Split('\n')
            .Select(line => ListingLine().Match(line.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new GdalLayer(m.Groups["name"].Value, m.Groups["type"].Success ? m.Groups["type"].Value : null))
            .ToList();

    /// <summary>The layers of a summary (<c>-so -al</c>): name, geometry, count, extent, CRS and fields.</summary>
    public static IReadOnlyList<GdalLayer> FromSummary(string ogrinfoOutput)
    {
        var layers = new List<GdalLayer>();
        GdalLayer? current = null;
        var fields = new List<GdalField>();
        string? lastTopLevelId = null;
        void Close()
        {
            if (current is not null)
            {
                layers.Add(current with { Fields = fields.ToList(), Crs = current.Crs ?? lastTopLevelId });
            }
            fields.Clear();
            lastTopLevelId = null;
        }
        foreach (var raw in ogrinfoOutput.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("Layer name: ", StringComparison.Ordinal))
            {
                Close();
                current = new GdalLayer(line["Layer name: ".Length..], null);
            }
            else if (current is null)
            {
                continue;
            }
            else if (line.StartsWith("Geometry: ", StringComparison.Ordinal))
            {
                current = current with { GeometryType = line["Geometry: ".Length..] };
            }
            else if (line.StartsWith("Feature Count: ", StringComparison.Ordinal)
                     && long.TryParse(line["Feature Count: ".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
            {
                current = current with { FeatureCount = count };
            }
            else if (ExtentLine().Match(line) is { Success: true } extent)
            {
                current = current with { Extent = [.. extent.Groups.Cast<Group>().Skip(1).Select(g => double.Parse(g.Value, CultureInfo.InvariantCulture))] };
            }
            else if (TopLevelEpsg().Match(line) is { Success: true } epsg)
            {
                // The WKT's last ID at four spaces' indent is the CRS's own; deeper ones name its parts.
                lastTopLevelId = "EPSG:" + epsg.Groups["code"].Value;
            }
            else if (FieldLine().Match(line) is { Success: true } field)
            {
                fields.Add(new GdalField(field.Groups["name"].Value, field.Groups["type"].Value));
            }
        }
        Close();
        return layers;
    }

    [GeneratedRegex(@"^\d+: (?<name>.+?)(?: \((?<type>[^()]*)\))?$")]
    private static partial Regex ListingLine();

    [GeneratedRegex(@"^Extent: \((-?[\d.eE+-]+), (-?[\d.eE+-]+)\) - \((-?[\d.eE+-]+), (-?[\d.eE+-]+)\)")]
    private static partial Regex ExtentLine();

    [GeneratedRegex(@"^    ID\[""EPSG"",(?<code>\d+)\]\]$")]
    private static partial Regex TopLevelEpsg();

    [GeneratedRegex(@"^(?<name>\S.*?): (?<type>[A-Za-z0-9]+(?:\([A-Za-z0-9]+\))?) \(\d+\.\d+\)")]
    private static partial Regex FieldLine();
}
