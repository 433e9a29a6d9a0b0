using Microsoft.AspNetCore.Components;

namespace SpatialHub.Blazor.Tests;

[Trait("Category", "Unit")]
public sealed class SpatialHubMapTests : BunitContext
{
    private const string Module = "./_content/SpatialHub.Blazor/spatialhub-map.js";
    private static readonly MapView AtSciencePark = new(ServiceDouble.SciencePark.Lon, ServiceDouble.SciencePark.Lat, 14);

    private readonly ServiceDouble _service = new();
    private readonly BunitJSModuleInterop _module;

    public SpatialHubMapTests()
    {
        _module = JSInterop.SetupModule(Module);
        _module.Setup<double[]>("attach", _ => true).SetResult([800, 600, 1]);
        _module.Setup<double[]>("draw", _ => true).SetResult([]);
        _module.SetupVoid("detach", _ => true).SetVoidResult();
    }

    private IRenderedComponent<SpatialHubMap> RenderMap(Action<ComponentParameterCollectionBuilder<SpatialHubMap>>? more = null, IReadOnlyList<string>? layers = null) =>
        Render<SpatialHubMap>(p =>
        {
            p.Add(m => m.ServiceUrl, ServiceDouble.Origin).Add(m => m.Layers, layers ?? ["it-sites"]).Add(m => m.View, AtSciencePark)
                .Add(m => m.Http, _service.Client());
            more?.Invoke(p);
        });

    private List<Frame.Circle> LastFrameCircles() => Frame.Circles((byte[])_module.Invocations["draw"][^1].Arguments[1]!);

    [Fact]
    public void Service_url_and_layers_choose_the_style_tilejson_and_tiles_it_fetches()
    {
        var cut = RenderMap(layers: ["it-sites", "wifi-hk"]);

        cut.WaitForAssertion(() => LastFrameCircles().ShouldNotBeEmpty());
        _service.Requests.ShouldContain("/styles/it-sites,wifi-hk");
        _service.Requests.ShouldContain("/tiles/it-sites,wifi-hk");
        // Zoom 14 at the Science Park (MapLibre zoom = tile zoom): the site's tile 14/13389/7143 and its neighbours that
        // the 800 × 600 canvas (and 48 px beyond) overlaps, 3 × 2 tiles, each fetched once.
        var tiles = _service.Requests.Where(r => r.Count(c => c == '/') == 5).ToList();
        tiles.ShouldContain("/tiles/it-sites,wifi-hk/14/13389/7143");
        tiles.Count.ShouldBe(6);
        tiles.ShouldBeUnique();
        tiles.ShouldAllBe(r => r.StartsWith("/tiles/it-sites,wifi-hk/14/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_view_parameter_puts_its_centre_in_the_middle_of_the_canvas_in_the_styles_colour()
    {
        RenderMap();

        WaitForCircle(out var circle);
        circle.X.ShouldBe(400, 0.5);
        circle.Y.ShouldBe(300, 0.5);
        circle.Radius.ShouldBe(6);
        circle.Fill.ShouldBe((0x0b, 0x57, 0xa4, 1));
    }

    [Fact]
    public void A_style_override_replaces_the_paint_property_of_that_layer()
    {
        RenderMap(p => p.Add(m => m.StyleOverrides, [new StyleOverride("it-sites:points", "circle-color", "#ff0000"), new StyleOverride("it-sites:points", "circle-radius", 9)]));

        WaitForCircle(out var circle);
        circle.Fill.ShouldBe((255, 0, 0, 1));
        circle.Radius.ShouldBe(9);
    }

    [Fact]
    public void A_new_view_parameter_moves_the_map_without_reloading_the_style()
    {
        var cut = RenderMap();
        WaitForCircle(out _);

        // 100 CSS px east at zoom 14: the site is then drawn 100 px left of the centre.
        var east = AtSciencePark with { Longitude = AtSciencePark.Longitude + (100 * 360 / (512 * Math.Pow(2, 14))) };
        cut.Render(p => p.Add(m => m.View, east));

        cut.WaitForAssertion(() => LastFrameCircles().ShouldHaveSingleItem().X.ShouldBe(300, 0.5));
        _service.Requests.Count(r => r.StartsWith("/styles/", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task A_click_on_the_site_raises_FeatureClicked_with_its_properties_and_a_click_beside_it_does_not()
    {
        var clicks = new List<MapFeatureClick>();
        var cut = RenderMap(p => p.Add(m => m.FeatureClicked, clicks.Add));
        WaitForCircle(out _);

        await cut.InvokeAsync(() => cut.Instance.OnClick(403, 302));
        await cut.InvokeAsync(() => cut.Instance.OnClick(450, 300));

        var click = clicks.ShouldHaveSingleItem();
        click.Dataset.ShouldBe("it-sites");
        click.GeometryType.ShouldBe("Point");
        click.Properties["name_en"].ShouldBe("Hong Kong Science Park");
        click.Properties["site_id"].ShouldBe("HKSP");
        click.Longitude.ShouldBe(ServiceDouble.SciencePark.Lon, 0.0002);
    }

    [Fact]
    public async Task Dragging_raises_ViewChanged_and_the_bound_view_follows()
    {
        var bound = AtSciencePark;
        var cut = Render<SpatialHubMap>(p => p
            .Add(m => m.ServiceUrl, ServiceDouble.Origin).Add(m => m.Layers, ["it-sites"]).Add(m => m.Http, _service.Client())
            .Bind(m => m.View, AtSciencePark, v => bound = v));
        WaitForCircle(out _);

        // Drag 100 px right: the map's centre moves 100 px west.
        await cut.InvokeAsync(() => cut.Instance.OnInput(100, 0, 0, 0, 0));

        bound.Longitude.ShouldBe(AtSciencePark.Longitude - (100 * 360 / (512 * Math.Pow(2, 14))), 1e-9);
        bound.Latitude.ShouldBe(AtSciencePark.Latitude, 1e-9);
        bound.Zoom.ShouldBe(14);
        cut.Instance.CurrentView.ShouldBe(bound);
        // The frame after the drag drew the site 100 px right of the centre.
        LastFrameCircles().ShouldHaveSingleItem().X.ShouldBe(500, 0.5);
    }

    [Fact]
    public async Task Wheel_zoom_keeps_the_place_under_the_cursor_and_buttons_zoom_about_the_centre()
    {
        MapView? changed = null;
        var cut = RenderMap(p => p.Add(m => m.ViewChanged, v => changed = v));
        WaitForCircle(out _);

        // Zoom in one level about the site itself (the centre here): the site stays put.
        await cut.InvokeAsync(() => cut.Instance.OnInput(0, 0, 1, 400, 300));
        changed!.Value.Zoom.ShouldBe(15);
        changed.Value.Longitude.ShouldBe(AtSciencePark.Longitude, 1e-9);

        // About a point 200 px right of the centre: that place stays under the cursor, so the centre moves towards it by half.
        await cut.InvokeAsync(() => cut.Instance.OnInput(0, 0, 1, 600, 300));
        changed.Value.Zoom.ShouldBe(16);
        changed.Value.Longitude.ShouldBe(AtSciencePark.Longitude + (100 * 360 / (512 * Math.Pow(2, 15))), 1e-9);

        cut.FindAll("button")[1].Click();
        cut.WaitForAssertion(() => changed.Value.Zoom.ShouldBe(15));
    }

    [Fact]
    public void Other_attributes_such_as_style_go_on_the_map_element_as_docs_blazor_map_md_shows()
    {
        var cut = RenderMap(p => p.AddUnmatched("style", "height: 480px").AddUnmatched("id", "my-map").Add(m => m.Class, "wide"));

        var map = cut.Find("#my-map");
        map.GetAttribute("style").ShouldBe("height: 480px");
        map.ClassList.ShouldBe(["spatialhub-map", "wide"], ignoreOrder: true);
        map.GetAttribute("role").ShouldBe("region");
    }

    private void WaitForCircle(out Frame.Circle circle)
    {
        Frame.Circle? found = null;
        WaitForAssertion(() => found = LastFrameCircles().ShouldHaveSingleItem());
        circle = found!;
    }

    private void WaitForAssertion(Action assertion)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }
}
