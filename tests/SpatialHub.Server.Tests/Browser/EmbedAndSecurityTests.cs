using Microsoft.Playwright;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>The embeddable map, security headers and accessibility (axe-core) of both pages.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class EmbedAndSecurityTests(MapPagesFixture fixture)
{
    internal static readonly string AxeScript = File.ReadAllText(
        Path.Combine(RepositoryPaths.Root, "src", "SpatialHub.Server", "ClientApp", "node_modules", "axe-core", "axe.min.js"));

    [Fact]
    public async Task The_embed_with_layers_wifi_hk_renders_only_WiFi_HK_with_cooperative_gestures_and_visible_attribution()
    {
        await using var page = await fixture.OpenAsync("/embed?layers=wifi-hk#13/22.2870/114.1650", 800, 500);

        var counts = await page.RenderedCountsAsync();
        counts.Keys.ShouldBe(["wifi-hk"]);
        counts["wifi-hk"].ShouldBeGreaterThan(0);
        var datasetsInStyle = await page.EvaluateAsync<string[]>(
            "() => [...new Set(window.spatialhubMap.getStyle().layers.map(l => l.metadata && l.metadata['spatialhub:dataset']).filter(Boolean))]");
        datasetsInStyle.ShouldBe(["wifi-hk"]);
        (await page.EvaluateAsync<bool>("() => window.spatialhubMap.cooperativeGestures.isEnabled()")).ShouldBeTrue();
        var attribution = page.Page.Locator(".maplibregl-ctrl-attrib");
        (await attribution.IsVisibleAsync()).ShouldBeTrue();
        (await attribution.GetAttributeAsync("class"))!.ShouldNotContain("maplibregl-compact");
        (await page.Page.Locator(".panel").CountAsync()).ShouldBe(0);
        await page.ScreenshotAsync("embed-wifi-hk.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Theory]
    [InlineData("/", "frame-ancestors 'self'")]
    [InlineData("/embed", "frame-ancestors *")]
    public async Task The_pages_send_a_content_security_policy_of_their_own_origin_only(string path, string frameAncestors)
    {
        await using var page = await fixture.OpenAsync(path);
        var headers = await page.Response!.AllHeadersAsync();
        var policy = headers["content-security-policy"];
        policy.ShouldContain("default-src 'self'");
        policy.ShouldContain("script-src 'self'");
        policy.ShouldNotContain("unsafe-inline");
        policy.ShouldNotContain("unsafe-eval");
        policy.ShouldContain(frameAncestors);
        headers["x-content-type-options"].ShouldBe("nosniff");
        headers.ShouldContainKey("referrer-policy");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Theory]
    [InlineData("/#12/22.3000/114.1700")]
    [InlineData("/embed?layers=wifi-hk,it-sites#12/22.3000/114.1700")]
    public async Task Axe_finds_no_serious_or_critical_accessibility_violations(string path)
    {
        await using var page = await fixture.OpenAsync(path);
        await ShouldHaveNoSeriousAxeViolationsAsync(page);
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation.</summary>
    internal static async Task ShouldHaveNoSeriousAxeViolationsAsync(MapPage page)
    {
        // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not apply to.
        await page.Page.EvaluateAsync(AxeScript + "\n;0");
        var violations = await page.EvaluateAsync<AxeViolation[]>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))
            """);
        var blocking = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        blocking.ShouldBeEmpty(string.Join("\n", blocking.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Targets)}")));
    }

    [Fact]
    public async Task The_map_is_keyboard_operable_from_its_canvas()
    {
        await using var page = await fixture.OpenAsync("/#12/22.3000/114.1700");
        await page.Page.Locator("#map canvas").FocusAsync();
        await page.Page.Keyboard.PressAsync("Equal");
        await page.WaitIdleAsync();
        await page.Page.WaitForFunctionAsync("() => window.spatialhubMap.getZoom() > 12.5");
        var before = await page.EvaluateAsync<double[]>("() => window.spatialhubMap.getCenter().toArray()");
        await page.Page.Keyboard.PressAsync("ArrowRight");
        await page.Page.WaitForFunctionAsync($"() => window.spatialhubMap.getCenter().lng > {before[0]} + 1e-4");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    public sealed record AxeViolation(string Id, string? Impact, string Help, string[] Targets);
}
