using System.Net;
using System.Text.RegularExpressions;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;
using SpatialHub.Server.Tests.Rendering;

namespace SpatialHub.Server.Tests.MapClient;

/// <summary>Share links of <c>/</c>: the page carries Open Graph tags whose image is a static map of the linked view.</summary>
[Collection(RenderingCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class SharePreviewTests(SpatialHubFactory factory)
{
    private const string DefaultImage = "http://localhost/static/districts,it-sites,wifi-hk,lampposts,smart-lampposts/";

    [GeneratedRegex("<meta property=\"og:image\" content=\"([^\"]*)\">")]
    private static partial Regex OgImage();

    private async Task<string> PageAsync(string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.ParseAdd("text/html");
        var response = await factory.CreateClient().SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, pathAndQuery);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        return await response.Content.ReadAsStringAsync();
    }

    private static string ImageOf(string html)
    {
        var matches = OgImage().Matches(html);
        matches.Count.ShouldBe(1, html);
        return WebUtility.HtmlDecode(matches[0].Groups[1].Value);
    }

    [Fact]
    public async Task A_link_with_a_view_and_layers_previews_as_a_static_map_of_that_view_which_is_a_png()
    {
        var html = await PageAsync("/?at=14/22.4258/114.2105&layers=it-sites");

        var image = ImageOf(html);
        image.ShouldBe("http://localhost/static/it-sites/114.2105,22.4258,14/1200x630.png");
        html.ShouldContain("<meta property=\"og:url\" content=\"http://localhost/?at=14/22.4258/114.2105&amp;layers=it-sites\">");
        html.ShouldContain("<meta name=\"twitter:card\" content=\"summary_large_image\">");
        html.ShouldContain("<meta property=\"og:title\" content=\"SpatialHub map: ");
        html.ShouldMatch("""<script type="module" src="/js/app\.[a-z0-9]+\.js"></script>""", "the rest of the page is untouched");

        var png = await factory.CreateClient().GetAsync(new Uri(image).PathAndQuery);
        png.StatusCode.ShouldBe(HttpStatusCode.OK);
        png.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        using var bitmap = RenderingCollection.DecodePng(await png.Content.ReadAsByteArrayAsync());
        (bitmap.Width, bitmap.Height).ShouldBe((1200, 630));
    }

    [Fact]
    public async Task A_plain_link_previews_the_whole_territory_with_the_default_layers_and_that_image_renders()
    {
        var image = ImageOf(await PageAsync("/"));

        image.ShouldStartWith(DefaultImage);
        image.ShouldEndWith("/1200x630.png");
        var png = await factory.CreateClient().GetAsync(new Uri(image).PathAndQuery);
        png.StatusCode.ShouldBe(HttpStatusCode.OK);
        RenderingCollection.DecodePng(await png.Content.ReadAsByteArrayAsync()).Dispose();
    }

    [Theory]
    [InlineData("at=14/22.4%22%3E%3Cscript%3Ealert(1)%3C/script%3E/114.2")]
    [InlineData("at=%22%20onload=%22alert(1)")]
    [InlineData("at=%3Cscript%3Ealert(1)%3C/script%3E")]
    [InlineData("at=NaN/22.4/114.2")]
    [InlineData("at=14/Infinity/114.2")]
    [InlineData("at=99/22.4/114.2")]
    [InlineData("at=14/91/114.2")]
    [InlineData("at=14/22.4/200")]
    [InlineData("at=14/22.4")]
    [InlineData("at=14/22.4/114.2/0/0")]
    [InlineData("at=14/22.4/114.2&at=12/22.3/114.1")]
    [InlineData("at=1e400/22.4/114.2")]
    [InlineData("layers=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")]
    [InlineData("layers=no-such-layer")]
    [InlineData("layers=it-sites,it-sites")]
    [InlineData("layers=")]
    public async Task Hostile_or_invalid_values_give_the_page_with_the_default_preview_and_nothing_reflected(string query)
    {
        var html = await PageAsync("/?" + query);

        ImageOf(html).ShouldStartWith(DefaultImage);
        html.ShouldNotContain("alert", Case.Insensitive);
        html.ShouldNotContain("onload", Case.Insensitive);
        html.ShouldNotContain("no-such-layer");
        html.ShouldNotContain("NaN");
        html.ShouldNotContain("Infinity");
        Regex.Matches(html, "<script").Count.ShouldBe(2, "only the page's import map and its module");
    }

    [Fact]
    public async Task A_host_outside_the_allowed_hosts_gets_the_map_page_without_absolute_links()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/?at=14/22.4258/114.2105");
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Host = "attacker.example";
        var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<div class=\"layout\">");
        html.ShouldNotContain("og:image");
        html.ShouldNotContain("attacker.example");
    }
}
