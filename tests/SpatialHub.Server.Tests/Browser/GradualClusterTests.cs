using System.Globalization;
using Shouldly;
using Xunit.Abstractions;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>Issue 17: at zoom 14 the lampposts of Central and Wan Chai came as some 4,000 dots at once. With the
/// gradual switch the map draws far fewer symbols there, and the clusters' counts plus the single points still add
/// up to exactly the lampposts in view.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class GradualClusterTests(MapPagesFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task At_zoom_14_over_the_densest_lampposts_few_symbols_stand_for_exactly_the_lampposts_in_view()
    {
        // A 1024 × 1024 px map at zoom 14 centred on a tile corner: the view is exactly the four 512 px tiles
        // 14/13387-13388/7151-7152 (Central to Wan Chai), so every cluster of a tile in view stands for points in view.
        await using var page = await fixture.OpenAsync("/?layers=lampposts#14/22.268764/114.169922", 1200, 1100);
        await page.Page.EvaluateAsync("""
            () => {
              const map = window.spatialhubMap;
              Object.assign(map.getContainer().style, { position: 'fixed', left: '0', top: '0', width: '1024px', height: '1024px', zIndex: '10' });
              map.resize();
              map.jumpTo({ center: [114.169921875, 22.268764039073968], zoom: 14 });
            }
            """);
        await page.WaitIdleAsync();
        var view = await page.EvaluateAsync<double[]>("() => { const b = window.spatialhubMap.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }");
        view[0].ShouldBe(114.147949, 1e-5);
        view[2].ShouldBe(114.191895, 1e-5);

        var bbox = string.Join(',', view.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var inView = await page.EvaluateAsync<long>($"() => fetch('/collections/lampposts/items?bbox={bbox}&limit=1').then(r => r.json()).then(j => j.numberMatched)");
        inView.ShouldBeGreaterThan(1_500, "the view must be a dense one, or the test proves nothing");

        var drawn = (await page.RenderedFeaturesAsync("lampposts"))
            .Where(f => f.Lon > view[0] && f.Lon < view[2] && f.Lat > view[1] && f.Lat < view[3]).ToList();
        var clusters = drawn.Where(f => f.IsCluster).ToList();
        var singles = drawn.Where(f => !f.IsCluster).ToList();
        clusters.ShouldNotBeEmpty();
        singles.ShouldNotBeEmpty("sparse lampposts show as themselves from zoom 14");
        singles.ShouldAllBe(f => f.Id != null);
        output.WriteLine($"{inView} lampposts in view: {drawn.Count} symbols ({clusters.Count} clusters, {singles.Count} single points)");
        drawn.Count.ShouldBeLessThan((int)(inView / 3), $"{drawn.Count} symbols for {inView} lampposts");
        (clusters.Sum(f => f.Properties["point_count"].GetInt64()) + singles.Count).ShouldBe(inView);
        await page.ScreenshotAsync("issue17-gradual-clusters-z14.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }
}
