using SpatialHub.Core.Publishing;
using SpatialHub.Server.Catalog;

namespace SpatialHub.Server.Publishing;

/// <summary>A dataset's licence as OGC API / catalog links (<c>rel="license"</c>), and its source as <c>describedby</c>.</summary>
public static class LicenceLinks
{
    public static IEnumerable<Link> For(DatasetMetadata? metadata)
    {
        if (metadata?.Licence is { Length: > 0 } licence)
        {
            yield return DatasetMetadata.IsHttpUrl(licence)
                ? new Link("license", licence, "text/html", "Licence")
                : new Link("license", $"https://spdx.org/licenses/{Uri.EscapeDataString(licence.Split(' ')[0].TrimEnd('+'))}.html", "text/html", licence);
        }
        if (metadata?.SourceUrl is { Length: > 0 } source)
        {
            yield return new Link("describedby", source, "text/html", "Source");
        }
    }
}
