using System.Text.Json.Nodes;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Tests;

[Trait("Category", "Unit")]
public sealed class PresentationTests
{
    private static Presentation Sample(string id) =>
        Presentation.Of((JsonObject)JsonNode.Parse(File.ReadAllText(Repository.Path($"tiles/{id}.json")))!);

    [Fact]
    public void Wifi_popups_read_labels_and_provider_names_not_raw_keys_and_codes()
    {
        var wifi = Sample("wifi-hk");
        var properties = new Dictionary<string, object?>
        {
            ["LocationNameEN"] = "Hong Kong Science Park", ["OrganisationCode"] = "smt", ["InWifiMap"] = false,
            ["AddressEN"] = "Pak Shek Kok", ["NumberOfHotspots"] = 20L, ["MoreInformationLinkEN"] = "https://theme.gov.hk/x.pdf",
            ["SomethingNew"] = "kept",
        };

        var rows = wifi.Rows(properties, "en");

        wifi.Heading(properties, "en").ShouldBe("Hong Kong Science Park");
        rows.Select(r => r.Label).ShouldBe(["Address", "Hotspots", "Provider", "Coverage diagram", "Something new"]);
        rows.Single(r => r.Field == "OrganisationCode").Text.ShouldBe("SmarTone");
        rows.Single(r => r.Field == "MoreInformationLinkEN").Link.ShouldBe(new Uri("https://theme.gov.hk/x.pdf"));
        rows.ShouldNotContain(r => r.Field == "InWifiMap" || r.Field == "LocationNameEN");
        wifi.Rows(properties, "zh-HK").First().Label.ShouldBe("地址");
        wifi.Title!.For("zh-HK").ShouldStartWith("Wi-Fi.HK 熱點");
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("//evil.example/x")]
    [InlineData("ftp://files.example/x")]
    [InlineData("<a href=x>")]
    public void Link_fields_link_only_http_and_https(string value)
    {
        var presentation = Presentation.Parse(JsonNode.Parse("""{"fields": [{"name": "url", "link": true}]}"""));

        var row = presentation.Rows(new Dictionary<string, object?> { ["url"] = value }, "en").Single();

        row.Link.ShouldBeNull();
        row.Text.ShouldBe(value);
    }

    [Fact]
    public void Units_titles_in_either_language_and_hidden_fields_apply()
    {
        var presentation = Presentation.Parse(JsonNode.Parse("""
            {"titleField": {"en": "DC_ENG", "zh-HK": "DC_CHIN"}, "hidden": ["secret"],
             "fields": [{"name": "area", "label": {"en": "Area"}, "unit": "m²"}, {"name": "secret"}]}
            """));
        var properties = new Dictionary<string, object?> { ["DC_ENG"] = "Tai Po", ["DC_CHIN"] = "大埔", ["area"] = 12.5, ["secret"] = "x" };

        presentation.Heading(properties, "zh-HK").ShouldBe("大埔");
        presentation.Heading(properties, "en").ShouldBe("Tai Po");
        var area = presentation.Rows(properties, "zh-HK").Single(r => r.Field == "area");
        area.Text.ShouldBe("12.5 m²");
        area.Label.ShouldBe("Area", "a label given only in English stands in for Chinese");
        presentation.Rows(properties, "en").ShouldNotContain(r => r.Field == "secret");
    }

    [Theory]
    [InlineData("NumberOfHotspots", "Number of hotspots")]
    [InlineData("floor_area_m2", "Floor area m2")]
    [InlineData("DC_ENG", "DC ENG")]
    [InlineData("LP_NUMBER", "LP NUMBER")]
    [InlineData("InWifiMap", "In wifi map")]
    [InlineData("Lamp Post Number", "Lamp post number")]
    [InlineData("URLToMap", "URL to map")]
    public void Fields_without_settings_get_readable_labels(string name, string label) =>
        Presentation.Readable(name).En.ShouldBe(label);

    [Theory]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    [InlineData("""{"fields": "no", "hidden": 3, "title": 5}""")]
    [InlineData("""{"fields": [{"label": "nameless"}, 7, {"name": ""}]}""")]
    public void Malformed_settings_give_defaults_instead_of_failing(string json)
    {
        var presentation = Presentation.Parse(JsonNode.Parse(json));

        presentation.Fields.ShouldBeEmpty();
        presentation.Rows(new Dictionary<string, object?> { ["a_b"] = 1L }, "en").Single().Label.ShouldBe("A b");
    }

    [Fact]
    public void Every_sample_style_has_titles_in_both_languages_and_a_heading_field()
    {
        foreach (var id in new[] { "it-sites", "wifi-hk", "lampposts", "smart-lampposts", "districts" })
        {
            var presentation = Sample(id);
            presentation.Title.ShouldNotBeNull(id);
            presentation.Title.En.ShouldNotBeNullOrEmpty(id);
            presentation.Title.ZhHk.ShouldNotBeNullOrEmpty(id);
            presentation.TitleField.ShouldNotBeNull(id);
            presentation.Fields.ShouldAllBe(f => f.Label.ZhHk != null && f.Label.En != null);
        }
    }

    [Fact]
    public void A_composed_style_carries_each_datasets_presentation()
    {
        var styles = new[] { "wifi-hk", "districts" }
            .Select(id => (JsonObject)JsonNode.Parse(File.ReadAllText(Repository.Path($"tiles/{id}.json")))!).ToList();

        var composed = StyleComposer.Compose(styles, "http://localhost", "x");

        var served = composed["metadata"]!["spatialhub:presentations"]!;
        Presentation.Parse(served["districts"]).TitleField!.For("zh-HK").ShouldBe("DC_CHIN");
        Presentation.Parse(served["wifi-hk"]).Hidden.ShouldContain("InWifiMap");
    }
}
