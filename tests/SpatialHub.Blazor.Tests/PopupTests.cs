using SpatialHub.Blazor.Catalog;

namespace SpatialHub.Blazor.Tests;

/// <summary>The popup of a clicked feature, laid out by the presentation settings in the service's style
/// (ServiceDouble's: labels, order, a coded value, units, two link fields, hidden fields), and the catalog reader.</summary>
[Trait("Category", "Unit")]
public sealed class PopupTests : BunitContext
{
    private static readonly MapView AtSciencePark = new(ServiceDouble.SciencePark.Lon, ServiceDouble.SciencePark.Lat, 14);

    private readonly ServiceDouble _service = new();
    private readonly BunitJSModuleInterop _module;

    public PopupTests()
    {
        _module = JSInterop.SetupModule("./_content/SpatialHub.Blazor/spatialhub-map.js");
        _module.Setup<double[]>("attach", _ => true).SetResult([800, 600, 1]);
        _module.Setup<double[]>("draw", _ => true).SetResult([]);
        _module.SetupVoid("detach", _ => true).SetVoidResult();
    }

    /// <summary>Renders the map over the site (drawn at 400, 300) and clicks 3 px beside its centre.</summary>
    private async Task<IRenderedComponent<SpatialHubMap>> ClickSiteAsync(Action<ComponentParameterCollectionBuilder<SpatialHubMap>>? more = null)
    {
        var cut = Render<SpatialHubMap>(p =>
        {
            p.Add(m => m.ServiceUrl, ServiceDouble.Origin).Add(m => m.Layers, ["it-sites"]).Add(m => m.View, AtSciencePark).Add(m => m.Http, _service.Client());
            more?.Invoke(p);
        });
        cut.WaitForAssertion(() => Frame.Circles((byte[])_module.Invocations["draw"][^1].Arguments[1]!).ShouldHaveSingleItem(), TimeSpan.FromSeconds(10));
        await cut.InvokeAsync(() => cut.Instance.OnClick(403, 302));
        return cut;
    }

    private static List<(string Label, string Text)> Rows(IRenderedComponent<SpatialHubMap> cut) =>
        cut.FindAll(".spatialhub-map-popup tr").Select(r => (r.QuerySelector("th")!.TextContent.Trim(), r.QuerySelector("td")!.TextContent.Trim())).ToList();

    [Fact]
    public async Task The_popup_shows_labels_in_the_settings_order_with_units_and_named_values_and_no_hidden_fields()
    {
        var cut = await ClickSiteAsync();

        cut.Find(".spatialhub-map-popup h2").TextContent.ShouldBe("Hong Kong Science Park");
        cut.Find(".spatialhub-map-popup-dataset").TextContent.ShouldBe("Innovation and technology sites");
        // Listed fields first in the settings' order, then the rest with readable labels; never a raw key.
        Rows(cut).ShouldBe([
            ("Category", "Science park"), ("Opened", "2001"), ("Website", "https://www.hkstp.org/"), ("Report", "javascript:alert(1)"),
            ("Floor area", "330000 m²"), ("Site id", "HKSP"), ("Note", "<b>22 ha</b>")], ignoreOrder: false);
        cut.Markup.ShouldNotContain("internal");
        cut.Markup.ShouldNotContain("香港科學園");
        cut.FindAll(".spatialhub-map-popup tr").Select(r => r.GetAttribute("data-field")).ShouldNotContain("name_en");
    }

    [Fact]
    public async Task Only_http_and_https_values_of_link_fields_become_links_and_values_are_never_markup()
    {
        var cut = await ClickSiteAsync();

        var link = cut.FindAll(".spatialhub-map-popup a").ShouldHaveSingleItem();
        link.GetAttribute("href").ShouldBe("https://www.hkstp.org/");
        link.GetAttribute("rel").ShouldBe("noopener noreferrer nofollow");
        link.GetAttribute("target").ShouldBe("_blank");
        // The javascript: value of a link field is plain text, and a value holding tags is text, not elements.
        cut.Find("tr[data-field=report] td").Children.ShouldBeEmpty();
        cut.Find("tr[data-field=note] td").Children.ShouldBeEmpty();
        cut.FindAll(".spatialhub-map-popup b").ShouldBeEmpty();
    }

    [Fact]
    public async Task In_Chinese_the_labels_title_and_heading_field_are_the_zh_HK_ones()
    {
        var cut = await ClickSiteAsync(p => p.Add(m => m.Language, "zh-HK"));

        cut.Find(".spatialhub-map-popup h2").TextContent.ShouldBe("香港科學園");
        cut.Find(".spatialhub-map-popup-dataset").TextContent.ShouldBe("創新科技地點");
        Rows(cut).Select(r => r.Label).Take(5).ShouldBe(["類別", "啟用年份", "網站", "報告", "樓面面積"]);
        cut.Find(".spatialhub-map-popup-close").GetAttribute("aria-label").ShouldBe("關閉");
    }

    [Fact]
    public async Task The_popup_is_anchored_at_the_site_the_event_is_still_raised_and_a_click_beside_closes_it()
    {
        var clicks = new List<MapFeatureClick>();
        var cut = await ClickSiteAsync(p => p.Add(m => m.FeatureClicked, clicks.Add));

        clicks.ShouldHaveSingleItem().Properties["site_id"].ShouldBe("HKSP");
        // The frame after the click tells the JS module where the popup's anchor is: the site's centre, not the click.
        cut.WaitForAssertion(() => Status().Popup.ShouldNotBeNull().ShouldBe([400, 300], tolerance: 0.5));

        await cut.InvokeAsync(() => cut.Instance.OnClick(600, 100));
        cut.FindAll(".spatialhub-map-popup").ShouldBeEmpty();
        clicks.Count.ShouldBe(1);
        cut.WaitForAssertion(() => Status().Popup.ShouldBeNull());

        await cut.InvokeAsync(() => cut.Instance.OnClick(400, 300));
        cut.Find(".spatialhub-map-popup-close").Click();
        cut.FindAll(".spatialhub-map-popup").ShouldBeEmpty();
        clicks.Count.ShouldBe(2);

        SpatialHubMap.FrameStatus Status() => (SpatialHubMap.FrameStatus)_module.Invocations["draw"][^1].Arguments[3]!;
    }

    [Fact]
    public async Task With_popups_off_a_click_only_raises_the_event()
    {
        var clicks = new List<MapFeatureClick>();
        var cut = await ClickSiteAsync(p => p.Add(m => m.Popups, false).Add(m => m.FeatureClicked, clicks.Add));

        clicks.ShouldHaveSingleItem();
        cut.FindAll(".spatialhub-map-popup").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_catalog_reader_titles_datasets_by_their_settings_else_the_catalog_with_text_attributions()
    {
        var datasets = await ServiceCatalog.LoadAsync(_service.Client(), new Uri(ServiceDouble.Origin));

        datasets.ShouldBe([
            new DatasetSummary("it-sites", "Innovation and technology sites", "I&T sites: HKSAR Government", "#0b57a4"),
            new DatasetSummary("new-data", "New survey points", null, null)]);
        (await ServiceCatalog.LoadAsync(_service.Client(), new Uri(ServiceDouble.Origin), "zh-HK"))[0].Title.ShouldBe("創新科技地點");
        _service.Requests.ShouldContain("/styles/it-sites,new-data");
    }
}
