using Microsoft.Extensions.Options;
using Shouldly;
using SpatialHub.Server.MapClient;

namespace SpatialHub.Server.Tests.MapClient;

[Trait("Category", "Unit")]
public sealed class MapClientOptionsTests
{
    [Fact]
    public void With_no_basemap_configured_the_policy_allows_only_the_services_own_origin()
    {
        var policy = Headers(new MapClientOptions()).ContentSecurityPolicy(embed: false);

        policy.ShouldContain("default-src 'self'");
        policy.ShouldContain("script-src 'self';");
        policy.ShouldContain("connect-src 'self';");
        policy.ShouldContain("worker-src 'self' blob:");
        policy.ShouldContain("img-src 'self' data: blob:;");
        policy.ShouldContain("frame-ancestors 'self'");
        policy.ShouldNotContain("unsafe-inline");
        policy.ShouldNotContain("http");
    }

    [Fact]
    public void Only_the_WebAssembly_page_may_compile_WebAssembly_and_nothing_may_eval_scripts()
    {
        var headers = Headers(new MapClientOptions());

        headers.ContentSecurityPolicy(embed: false, wasm: true).ShouldContain("script-src 'self' 'wasm-unsafe-eval'");
        headers.ContentSecurityPolicy(embed: false, wasm: true).ShouldNotContain("unsafe-inline");
        headers.ContentSecurityPolicy(embed: false, wasm: true).ShouldNotContain("'unsafe-eval'");
        headers.ContentSecurityPolicy(embed: false).ShouldNotContain("wasm-unsafe-eval");
        headers.ContentSecurityPolicy(embed: true).ShouldNotContain("wasm-unsafe-eval");
    }

    [Fact]
    public void A_configured_basemap_adds_its_origin_and_the_extra_origins_but_never_to_scripts()
    {
        var options = new MapClientOptions
        {
            BasemapStyleUrl = "https://basemap.example.gov.hk/styles/basic/style.json?key=1",
            BasemapOrigins = ["https://tiles.example.gov.hk/", "https://basemap.example.gov.hk"],
        };

        var policy = Headers(options).ContentSecurityPolicy(embed: false);

        policy.ShouldContain("connect-src 'self' https://basemap.example.gov.hk https://tiles.example.gov.hk;");
        policy.ShouldContain("img-src 'self' data: blob: https://basemap.example.gov.hk https://tiles.example.gov.hk;");
        policy.ShouldContain("script-src 'self';");
    }

    [Fact]
    public void Only_the_embed_page_may_be_framed_by_other_sites()
    {
        var headers = Headers(new MapClientOptions { EmbedFrameAncestors = "https://news.example.org" });

        headers.ContentSecurityPolicy(embed: true).ShouldEndWith("frame-ancestors https://news.example.org");
        headers.ContentSecurityPolicy(embed: false).ShouldEndWith("frame-ancestors 'self'");
    }

    [Fact]
    public void The_pages_get_the_providers_notice_only_when_its_basemap_is_used()
    {
        MapClientConfig.From(new MapClientOptions()).BasemapAttribution.ShouldBeNull();
        var withBasemap = MapClientConfig.From(new MapClientOptions { BasemapStyleUrl = "https://basemap.example.gov.hk/style.json" });
        withBasemap.BasemapAttribution.ShouldBe("Map from Lands Department");
        withBasemap.BasemapLogoText.ShouldBe("Lands Department");
        withBasemap.DefaultLayers.ShouldBe(["districts", "it-sites", "wifi-hk", "lampposts", "smart-lampposts"]);
    }

    private static PageSecurityHeaders Headers(MapClientOptions options) => new(new FixedOptions(options));

    private sealed class FixedOptions(MapClientOptions value) : IOptionsMonitor<MapClientOptions>
    {
        public MapClientOptions CurrentValue => value;

        public MapClientOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<MapClientOptions, string?> listener) => null;
    }
}
