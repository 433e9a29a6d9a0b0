using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SpatialHub.Server.Catalog;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Catalog;

/// <summary>Attribution is text, or http(s) links with text: nothing else of an uploaded attribution renders live.</summary>
[Trait("Category", "Unit")]
public sealed class AttributionHtmlTests
{
    [Theory]
    [InlineData("Lamppost data: Highways Department, DATA.GOV.HK", "Lamppost data: Highways Department, DATA.GOV.HK")]
    [InlineData("HKSAR I&T, 1 < 2 > 0", "HKSAR I&amp;T, 1 &lt; 2 &gt; 0")]
    [InlineData("<a href=\"https://data.gov.hk/\">DATA.GOV.HK</a>", "<a href=\"https://data.gov.hk/\">DATA.GOV.HK</a>")]
    [InlineData("<a href=\"http://example.org/a?b=1&c=2\" onclick=\"x()\" style=\"color:red\">x</a>", "<a href=\"http://example.org/a?b=1&amp;c=2\">x</a>")]
    [InlineData("<img src=x onerror=alert(1)>credit", "credit")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>", "<a>click</a>")]
    [InlineData("<a href=\"data:text/html,x\">d</a>", "<a>d</a>")]
    [InlineData("<a href=\"//evil.example/\">r</a><a href=\"/local\">l</a>", "<a>r</a><a>l</a>")]
    [InlineData("<b>bold</b><script>alert(1)</script>", "boldalert(1)")]
    [InlineData("<svg onload=alert(1)><text>s</text></svg>", "s")]
    public void Markup_is_escaped_or_dropped_except_http_links(string attribution, string expected)
    {
        var html = AttributionHtml.Sanitize(attribution);

        html.ShouldBe(expected);
    }
}

/// <summary>The same, end to end: an uploaded attribution in TileJSON, which the map renders as HTML.</summary>
[Trait("Category", "Integration")]
public sealed class AttributionApiTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task Tilejson_attribution_keeps_only_http_links_and_text()
    {
        const string attribution = "<a href=\"https://data.gov.hk/\">DATA.GOV.HK</a> <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a>";
        var upload = await factory.CreateWriter().PutAsync("/api/datasets/sec-attribution?attribution=" + Uri.EscapeDataString(attribution),
            new StringContent("name,Latitude,Longitude\nA,22.3,114.1\n", Encoding.UTF8, "text/csv"));
        upload.StatusCode.ShouldBe(HttpStatusCode.OK);

        var tileJson = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/tiles/sec-attribution");

        tileJson.GetProperty("attribution").GetString().ShouldBe("<a href=\"https://data.gov.hk/\">DATA.GOV.HK</a>  <a>x</a>");
    }
}
