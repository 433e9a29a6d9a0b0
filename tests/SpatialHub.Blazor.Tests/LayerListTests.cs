namespace SpatialHub.Blazor.Tests;

[Trait("Category", "Unit")]
public sealed class LayerListTests : BunitContext
{
    private static readonly IReadOnlyList<LayerItem> Items =
    [
        new("lampposts", "Public lighting lampposts", "#d98a00"),
        new("wifi-hk", "Wi-Fi.HK hotspots"),
        new("it-sites", "I&T sites", "#0b57a4"),
    ];

    [Fact]
    public void Each_dataset_has_a_labelled_checkbox_ticked_when_it_is_selected()
    {
        var cut = Render<LayerList>(p => p.Add(l => l.Items, Items).Add(l => l.Selected, ["it-sites"]));

        var boxes = cut.FindAll("input[type=checkbox]");
        boxes.Count.ShouldBe(3);
        boxes.Select(b => b.HasAttribute("checked")).ShouldBe([false, false, true]);
        foreach (var box in boxes)
        {
            cut.Find($"label[for='{box.Id}']").TextContent.Trim().ShouldNotBeEmpty();
        }
        cut.FindAll("label").Select(l => l.TextContent.Trim()).ShouldBe(["Public lighting lampposts", "Wi-Fi.HK hotspots", "I&T sites"]);
        cut.FindAll("svg circle").Select(c => c.GetAttribute("fill")).ShouldBe(["#d98a00", "#0b57a4"]);
    }

    [Fact]
    public void Ticking_and_unticking_report_the_selection_in_the_lists_order()
    {
        IReadOnlyList<string> selected = ["it-sites"];
        var cut = Render<LayerList>(p => p.Add(l => l.Items, Items).Bind(l => l.Selected, selected, s => selected = s));

        cut.FindAll("input")[0].Change(true);
        selected.ShouldBe(["lampposts", "it-sites"]);

        cut.FindAll("input")[2].Change(false);
        selected.ShouldBe(["lampposts"]);
    }
}
