using System.Net;
using Shouldly;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Mapping.Tests;

/// <summary>A map image draws the text of TileJSON's HTML attribution, not its markup: the renderer had drawn
/// "I&amp;amp;T" on the /dotnet demo's canvas.</summary>
[Trait("Category", "Unit")]
public sealed class AttributionTextTests
{
    [Theory]
    [InlineData("HKSTP &amp; Cyberport, I&amp;T sites", "HKSTP & Cyberport, I&T sites")]
    [InlineData("&copy; <a href=\"https://www.lcsd.gov.hk/\" rel=\"noopener\">LCSD</a>\n  · OFCA", "© LCSD · OFCA")]
    [InlineData("Plain text", "Plain text")]
    public void The_text_of_html_attribution_is_drawn(string html, string text) =>
        AttributionText.FromHtml(html).ShouldBe(text);

    [Fact]
    public async Task A_tile_source_from_tilejson_carries_the_attribution_as_text()
    {
        using var http = new HttpClient(new TileJsonHandler("""{"tilejson":"3.0.0","tiles":["/tiles/it-sites/{z}/{x}/{y}"],"attribution":"I&amp;T <b>sites</b>"}"""));

        var provider = await HttpTileProvider.FromTileJsonAsync(http, new Uri("http://spatialhub.test/tiles/it-sites"));

        provider.Attribution.ShouldBe("I&T sites");
    }

    private sealed class TileJsonHandler(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
    }
}
