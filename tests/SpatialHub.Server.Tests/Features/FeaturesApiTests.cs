using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

[Trait("Category", "Integration")]
public sealed class FeaturesApiTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    private const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    [Theory]
    [InlineData("/?f=json", null)]
    [InlineData("/", "application/json")]
    [InlineData("/", "application/json, text/html;q=0.5")]
    [InlineData("/", "text/html;q=0.8, application/json")]
    public async Task The_landing_page_is_json_with_the_ogc_links_when_the_client_asks_for_json(string url, string? accept)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var landing = await response.Content.ReadFromJsonAsync<JsonElement>();
        var links = landing.GetProperty("links").EnumerateArray()
            .ToDictionary(l => l.GetProperty("rel").GetString()!, l => (Href: l.GetProperty("href").GetString(), Type: l.GetProperty("type").GetString()));
        links["service-desc"].ShouldBe(("http://localhost/openapi/v1.json", "application/vnd.oai.openapi+json;version=3.0"));
        links["conformance"].ShouldBe(("http://localhost/conformance", "application/json"));
        links["data"].ShouldBe(("http://localhost/collections", "application/json"));
        links["self"].Type.ShouldBe("application/json");
    }

    [Theory]
    [InlineData("/", null)]
    [InlineData("/", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [InlineData("/", "*/*")]
    [InlineData("/?f=html", "application/json")]
    public async Task The_landing_page_is_the_map_page_for_browsers_and_a_404_problem_when_index_html_is_missing(string url, string? accept)
    {
        var webRoot = Directory.CreateTempSubdirectory("spatialhub-webroot-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(webRoot.FullName, "index.html"), "<!doctype html><title>SpatialHub map</title>");
            var withPage = factory.WithWebHostBuilder(b => b.UseSetting(WebHostDefaults.WebRootKey, webRoot.FullName)).CreateClient();
            var page = await SendAsync(withPage, url, accept);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            (await page.Content.ReadAsStringAsync()).ShouldContain("SpatialHub map");

            var emptyRoot = webRoot.CreateSubdirectory("empty");
            var withoutPage = factory.WithWebHostBuilder(b => b.UseSetting(WebHostDefaults.WebRootKey, emptyRoot.FullName)).CreateClient();
            var missing = await SendAsync(withoutPage, url, accept);
            missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        finally
        {
            webRoot.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_openapi_document_is_openapi_3_0_as_the_service_desc_link_says()
    {
        var openApi = await factory.CreateClient().GetJsonAsync("/openapi/v1.json");
        openApi.GetProperty("openapi").GetString()!.ShouldStartWith("3.0");
        openApi.GetProperty("paths").TryGetProperty("/collections/{collectionId}/items", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Collections_lists_the_five_datasets_in_the_shape_qgis_reads()
    {
        var document = await factory.CreateClient().GetJsonAsync("/collections");
        document.Link("self").ShouldBe("http://localhost/collections");
        var collections = document.GetProperty("collections").EnumerateArray().ToList();
        collections.Select(c => c.GetProperty("id").GetString()).ShouldBe(
            ["districts", "it-sites", "lampposts", "smart-lampposts", "wifi-hk"], ignoreOrder: true);
        foreach (var collection in collections)
        {
            var id = collection.GetProperty("id").GetString();
            collection.GetProperty("itemType").GetString().ShouldBe("feature");
            collection.GetProperty("crs").EnumerateArray().First().GetString().ShouldBe(Crs84);
            var spatial = collection.GetProperty("extent").GetProperty("spatial");
            spatial.GetProperty("crs").GetString().ShouldBe(Crs84);
            var bbox = spatial.GetProperty("bbox").EnumerateArray().Single().EnumerateArray().Select(v => v.GetDouble()).ToArray();
            bbox.Length.ShouldBe(4);
            bbox[0].ShouldBeInRange(113.8, 114.5, id);
            bbox[1].ShouldBeInRange(22.1, 22.6, id);
            var items = collection.GetProperty("links").EnumerateArray()
                .Single(l => l.GetProperty("rel").GetString() == "items" && l.GetProperty("type").GetString() == "application/geo+json");
            items.GetProperty("href").GetString().ShouldBe($"http://localhost/collections/{id}/items");
        }
    }

    [Fact]
    public async Task A_collection_links_to_its_items_and_tilejson()
    {
        var collection = await factory.CreateClient().GetJsonAsync("/collections/wifi-hk");
        collection.GetProperty("id").GetString().ShouldBe("wifi-hk");
        collection.GetProperty("itemCount").GetInt64().ShouldBe(5_430);
        collection.Link("self").ShouldBe("http://localhost/collections/wifi-hk");
        collection.Link("tilejson").ShouldBe("http://localhost/tiles/wifi-hk");
        collection.Link("enclosure").ShouldBe("http://localhost/collections/wifi-hk/items?f=csv&download=true");
    }

    [Fact]
    public async Task Items_are_geojson_with_counts_a_timestamp_and_the_default_page_of_100()
    {
        var response = await factory.CreateClient().GetAsync("/collections/wifi-hk/items");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/geo+json");
        response.Content.Headers.ContentDisposition.ShouldBeNull();
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        page.GetProperty("type").GetString().ShouldBe("FeatureCollection");
        page.GetProperty("numberMatched").GetInt64().ShouldBe(5_430);
        page.GetProperty("numberReturned").GetInt32().ShouldBe(100);
        page.Ids().ShouldBe(page.Ids().Order().ToList());
        DateTimeOffset.Parse(page.GetProperty("timeStamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        page.Link("self").ShouldBe("http://localhost/collections/wifi-hk/items");
        page.Link("next").ShouldBe("http://localhost/collections/wifi-hk/items?limit=100&offset=100");
        page.HasLink("prev").ShouldBeFalse();
        var feature = page.GetProperty("features")[0];
        feature.GetProperty("type").GetString().ShouldBe("Feature");
        feature.GetProperty("geometry").GetProperty("type").GetString().ShouldBe("Point");
        feature.GetProperty("properties").GetProperty("LocationNameEN").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Following_next_links_walks_every_wifi_hotspot_once_without_overlap()
    {
        var client = factory.CreateClient();
        var seen = new List<long>();
        string? url = "/collections/wifi-hk/items?limit=700";
        var pages = 0;
        while (url is not null)
        {
            var page = await client.GetJsonAsync(url);
            page.GetProperty("numberMatched").GetInt64().ShouldBe(5_430);
            page.GetProperty("numberReturned").GetInt32().ShouldBe(page.Ids().Count);
            seen.AddRange(page.Ids());
            pages++;
            url = page.HasLink("next") ? page.Link("next") : null;
            if (pages > 1)
            {
                page.HasLink("prev").ShouldBeTrue();
            }
        }
        pages.ShouldBe(8);
        seen.Count.ShouldBe(5_430);
        seen.Distinct().Count().ShouldBe(5_430);
    }

    [Fact]
    public async Task Paging_links_keep_the_other_parameters()
    {
        var page = await factory.CreateClient().GetJsonAsync("/collections/wifi-hk/items?bbox=114.1,22.2,114.3,22.5&limit=5&offset=5");
        page.Link("next").ShouldBe("http://localhost/collections/wifi-hk/items?bbox=114.1,22.2,114.3,22.5&limit=5&offset=10");
        page.Link("prev").ShouldBe("http://localhost/collections/wifi-hk/items?bbox=114.1,22.2,114.3,22.5&limit=5&offset=0");
        page.Link("self").ShouldBe("http://localhost/collections/wifi-hk/items?bbox=114.1,22.2,114.3,22.5&limit=5&offset=5");
    }

    [Fact]
    public async Task A_limit_above_the_maximum_is_served_as_ten_thousand()
    {
        var page = await factory.CreateClient().GetJsonAsync("/collections/lampposts/items?limit=50000");
        page.GetProperty("numberReturned").GetInt32().ShouldBe(5_666);
        page.HasLink("next").ShouldBeFalse();
    }

    [Fact]
    public async Task A_bbox_around_science_park_returns_the_science_park_site_and_not_cyberport()
    {
        var page = await factory.CreateClient().GetJsonAsync("/collections/it-sites/items?bbox=114.20,22.415,114.22,22.435");
        var siteIds = page.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("site_id").GetString()).ToList();
        siteIds.ShouldContain("HKSP");
        siteIds.ShouldNotContain("CYBERPORT");
        page.GetProperty("numberMatched").GetInt64().ShouldBe(siteIds.Count);
        page.GetProperty("numberMatched").GetInt64().ShouldBeLessThan(27);
    }

    [Fact]
    public async Task A_feature_by_id_has_its_attributes_and_its_wgs84_position()
    {
        var client = factory.CreateClient();
        var id = await FeatureApi.FeatureIdAsync(client, "it-sites", "site_id", "HKSP");
        var response = await client.GetAsync($"/collections/it-sites/items/{id}");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/geo+json");
        var feature = await response.Content.ReadFromJsonAsync<JsonElement>();
        feature.GetProperty("id").GetInt64().ShouldBe(id);
        feature.GetProperty("properties").GetProperty("name_en").GetString().ShouldBe("Hong Kong Science Park");
        feature.GetProperty("properties").GetProperty("opened").GetInt32().ShouldBe(2001);
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        coordinates[0].GetDouble().ShouldBe(114.21, 0.01);
        coordinates[1].GetDouble().ShouldBe(22.42, 0.01);
        feature.Link("self").ShouldBe($"http://localhost/collections/it-sites/items/{id}");
        feature.Link("collection").ShouldBe("http://localhost/collections/it-sites");
    }

    [Theory]
    [InlineData("/collections/no-such-dataset")]
    [InlineData("/collections/no-such-dataset/items")]
    [InlineData("/collections/it-sites/items/999999")]
    [InlineData("/collections/no-such-dataset/items/1")]
    public async Task Unknown_collections_and_features_are_404_problems(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("it-sites", "Tai Po")]
    [InlineData("wifi-hk", "Sha Tin")]
    public async Task Within_a_district_returns_exactly_the_features_postgis_finds_inside_it(string collection, string district)
    {
        var client = factory.CreateClient();
        var districtId = await FeatureApi.FeatureIdAsync(client, "districts", "DC_ENG", district);
        var page = await client.GetJsonAsync($"/collections/{collection}/items?within=districts:{districtId}&limit=10000");
        var expected = await FeatureApi.IdsIntersectingAsync(factory, collection, "districts", districtId);
        expected.ShouldNotBeEmpty();
        page.Ids().ShouldBe(expected);
        page.GetProperty("numberMatched").GetInt64().ShouldBe(expected.Count);
        page.GetProperty("numberMatched").GetInt64().ShouldBeLessThan(collection == "wifi-hk" ? 5_430 : 27);
    }

    [Fact]
    public async Task Within_sha_tin_keeps_science_park_and_drops_cyberport()
    {
        // The 2001 census boundaries put Pak Shek Kok in Sha Tin, although the site's own district attribute says Tai Po.
        var client = factory.CreateClient();
        var shaTin = await FeatureApi.FeatureIdAsync(client, "districts", "DC_ENG", "Sha Tin");
        var page = await client.GetJsonAsync($"/collections/it-sites/items?within=districts:{shaTin}");
        var siteIds = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("site_id").GetString()).ToList();
        siteIds.ShouldContain("HKSP");
        siteIds.ShouldNotContain("CYBERPORT");
    }

    [Fact]
    public async Task Csv_export_has_the_fields_and_a_representative_point_and_quotes_addresses_with_commas()
    {
        var response = await factory.CreateClient().GetAsync("/collections/wifi-hk/items?f=csv");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName.ShouldBe("wifi-hk.csv");
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldEndWith("\r\n");
        text.ShouldContain(
            ",\"Ground Floor, Block B, The Education University of Hong Kong (Tai Po Campus), 10 Lo Ping Road\",", Case.Sensitive);
        var records = Rfc4180.Parse(text);
        records.Count.ShouldBe(1 + 5_430, "a header and every hotspot");
        var header = records[0];
        header.ShouldContain("LocationNameEN");
        header[^4..].ShouldBe(["longitude", "latitude", "easting_hk1980", "northing_hk1980"]);
        header.ShouldNotContain("Latitude", "WGS84 once: the source's own columns are not repeated");
        records.ShouldAllBe(r => r.Count == header.Count);
        var address = header.IndexOf("AddressEN");
        records.ShouldContain(r => r[address] == "Ground Floor, Block B, The Education University of Hong Kong (Tai Po Campus), 10 Lo Ping Road");
        var eduHk = records.First(r => r[address].StartsWith("Ground Floor, Block B, The Education University", StringComparison.Ordinal));
        double.Parse(eduHk[^4], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(114.1939, 0.0001);
        double.Parse(eduHk[^3], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(22.4678, 0.0001);
    }

    [Fact]
    public async Task Csv_export_of_polygons_gives_a_point_inside_each_district()
    {
        var text = await factory.CreateClient().GetStringAsync("/collections/districts/items?f=csv&limit=18");
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("DC_CODE,DC_ENG,DC_CHIN,DC,longitude,latitude,easting_hk1980,northing_hk1980");
        lines.Length.ShouldBe(19);
        var taiPo = lines.Single(l => l.Contains(",Tai Po,", StringComparison.Ordinal)).Split(',');
        double.Parse(taiPo[^4], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(114.1, 114.45);
        double.Parse(taiPo[^3], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(22.38, 22.57);
    }

    [Fact]
    public async Task Csv_fields_are_quoted_per_rfc_4180()
    {
        string Field(string value) => SpatialHub.Server.Features.CsvWriter.AppendField(new System.Text.StringBuilder(), value).ToString();
        Field("plain").ShouldBe("plain");
        Field("a, b").ShouldBe("\"a, b\"");
        Field("say \"hi\"").ShouldBe("\"say \"\"hi\"\"\"");
        Field("two\nlines").ShouldBe("\"two\nlines\"");
        Field("").ShouldBe("");
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Geojson_download_is_an_attachment_and_plain_items_are_not()
    {
        var response = await factory.CreateClient().GetAsync("/collections/districts/items?f=geojson&download=true");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/geo+json");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName.ShouldBe("districts.geojson");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("numberReturned").GetInt32().ShouldBe(18);
    }

    [Theory]
    [InlineData("/collections/wifi-hk/items?limit=-1")]
    [InlineData("/collections/wifi-hk/items?limit=0")]
    [InlineData("/collections/wifi-hk/items?limit=abc")]
    [InlineData("/collections/wifi-hk/items?limit=1e3")]
    [InlineData("/collections/wifi-hk/items?limit=99999999999999999999")]
    [InlineData("/collections/wifi-hk/items?limit=1&limit=2")]
    [InlineData("/collections/wifi-hk/items?offset=-5")]
    [InlineData("/collections/wifi-hk/items?offset=99999999999999")]
    [InlineData("/collections/wifi-hk/items?bbox=114,22,115")]
    [InlineData("/collections/wifi-hk/items?bbox=NaN,22,115,23")]
    [InlineData("/collections/wifi-hk/items?bbox=114,22,Infinity,23")]
    [InlineData("/collections/wifi-hk/items?bbox=115,22,114,23")]
    [InlineData("/collections/wifi-hk/items?bbox=114,23,115,22")]
    [InlineData("/collections/wifi-hk/items?bbox=200,22,210,23")]
    [InlineData("/collections/wifi-hk/items?bbox=114,-95,115,23")]
    [InlineData("/collections/wifi-hk/items?bbox=a,b,c,d")]
    [InlineData("/collections/wifi-hk/items?bbox=114,22,115,23;DROP%20TABLE%20spatialhub.datasets")]
    [InlineData("/collections/wifi-hk/items?f=xml")]
    [InlineData("/collections/wifi-hk/items?download=yes")]
    [InlineData("/collections/wifi-hk/items?within=districts")]
    [InlineData("/collections/wifi-hk/items?within=districts:abc")]
    [InlineData("/collections/wifi-hk/items?within=districts:1%20OR%201=1")]
    [InlineData("/collections/wifi-hk/items?bbbox=114,22,115,23")]
    [InlineData("/collections/it-sites'%3B%20DROP%20TABLE%20spatialhub.datasets%3B--/items")]
    [InlineData("/collections/IT-SITES/items")]
    [InlineData("/collections/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/items")]
    [InlineData("/collections/it-sites/items/abc")]
    [InlineData("/collections/it-sites/items/1%20OR%201=1")]
    [InlineData("/collections/it-sites/items/-1")]
    [InlineData("/collections/it-sites/items/99999999999999999999999999")]
    [InlineData("/collections/it-sites?f=xml")]
    [InlineData("/?f=pdf")]
    public async Task Hostile_or_malformed_parameters_are_400_problems(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        (await factory.CreateClient().GetJsonAsync("/collections")).GetProperty("collections").GetArrayLength().ShouldBe(5);
    }

    [Fact]
    public async Task An_overlong_parameter_is_a_400_problem()
    {
        var response = await factory.CreateClient().GetAsync("/collections/wifi-hk/items?bbox=" + new string('1', 5_000));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string url, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept.Split(',')[0]));
            foreach (var range in accept.Split(',').Skip(1))
            {
                request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(range));
            }
        }
        return await client.SendAsync(request);
    }
}
