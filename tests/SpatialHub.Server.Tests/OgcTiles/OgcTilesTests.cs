using System.Net;
using System.Text.Json;
using SpatialHub.Server.Tests.Infrastructure;
using SpatialHub.Server.Tests.Tiles;

namespace SpatialHub.Server.Tests.OgcTiles;

/// <summary>OGC API – Tiles beside the XYZ routes: the same tiles at OGC's {tileMatrix}/{tileRow}/{tileCol}, tileset
/// tileset metadata with templated links, and 4xx problem details for what is not in the tile matrix set.</summary>
[Trait("Category", "Integration")]
public sealed class OgcTilesTests(LoopbackSpatialHubFactory factory) : IClassFixture<LoopbackSpatialHubFactory>
{
    // A z12 tile over Central: column (x) 3346, row (y) 1787.
    private const int Z = 12, Col = 3346, Row = 1787;

    private HttpClient Client() => new() { BaseAddress = factory.BaseUri };

    [Fact]
    public async Task An_ogc_tile_is_the_xyz_tile_at_the_swapped_indices()
    {
        using var client = Client();
        var xyz = await client.GetByteArrayAsync($"/tiles/wifi-hk/{Z}/{Col}/{Row}");
        DecodedTile.Decode(xyz).Layer("wifi-hk").ShouldNotBeEmpty();
        (await client.GetByteArrayAsync($"/collections/wifi-hk/tiles/WebMercatorQuad/{Z}/{Row}/{Col}")).ShouldBe(xyz);

        var composite = await client.GetByteArrayAsync($"/tiles/wifi-hk,districts/{Z}/{Col}/{Row}");
        (await client.GetByteArrayAsync($"/tilesets/wifi-hk,districts/WebMercatorQuad/{Z}/{Row}/{Col}")).ShouldBe(composite);
        DecodedTile.Decode(composite).Layers.Keys.ShouldBe(["wifi-hk", "districts"], ignoreOrder: true);

        // The XYZ template keeps its meaning: the same numbers there are another tile (open sea, no content).
        (await client.GetAsync($"/tiles/wifi-hk/{Z}/{Row}/{Col}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // And /tiles/WebMercatorQuad is still the TileJSON route, refusing a layer of that name (ids are lower case).
        var tileJson = await client.GetAsync("/tiles/WebMercatorQuad");
        tileJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tileJson.Content.ReadAsStringAsync()).ShouldContain("WebMercatorQuad");
    }

    [Fact]
    public async Task Tileset_metadata_links_the_tile_template_and_the_tiling_scheme()
    {
        using var client = Client();
        using var list = JsonDocument.Parse(await client.GetStringAsync("/collections/wifi-hk/tiles"));
        var self = list.RootElement.GetProperty("tilesets")[0].GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "self");
        using var tileset = JsonDocument.Parse(await client.GetStringAsync(new Uri(self.GetProperty("href").GetString()!).PathAndQuery));
        var root = tileset.RootElement;
        root.GetProperty("dataType").GetString().ShouldBe("vector");
        root.GetProperty("tileMatrixSetURI").GetString().ShouldBe("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
        var item = root.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "item");
        item.GetProperty("href").GetString()!.ShouldEndWith("/collections/wifi-hk/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}");
        item.GetProperty("templated").GetBoolean().ShouldBeTrue();
        var limits = root.GetProperty("tileMatrixSetLimits").EnumerateArray().Single(l => l.GetProperty("tileMatrix").GetString() == $"{Z}");
        Row.ShouldBeInRange(limits.GetProperty("minTileRow").GetInt32(), limits.GetProperty("maxTileRow").GetInt32());
        Col.ShouldBeInRange(limits.GetProperty("minTileCol").GetInt32(), limits.GetProperty("maxTileCol").GetInt32());

        using var tms = JsonDocument.Parse(await client.GetStringAsync("/tileMatrixSets/WebMercatorQuad"));
        var matrices = tms.RootElement.GetProperty("tileMatrices");
        matrices.GetArrayLength().ShouldBe(25);
        matrices[Z].GetProperty("matrixWidth").GetInt64().ShouldBe(4096);
        matrices[0].GetProperty("cellSize").GetDouble().ShouldBe(156543.03392804097, 1e-6);

        using var all = JsonDocument.Parse(await client.GetStringAsync("/tiles"));
        all.RootElement.GetProperty("tilesets")[0].GetProperty("links")[0].GetProperty("href").GetString()!.ShouldContain("/tilesets/");
        (await client.GetStringAsync("/conformance")).ShouldContain("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core");
    }

    [Theory]
    [InlineData("/collections/wifi-hk/tiles/WebMercatorQuad/23/0/0", 400, "tileMatrix")]
    [InlineData("/collections/wifi-hk/tiles/WebMercatorQuad/x/0/0", 400, "tileMatrix")]
    [InlineData("/collections/wifi-hk/tiles/WebMercatorQuad/12/5000/0", 400, "")]
    [InlineData("/collections/wifi-hk/tiles/WorldCRS84Quad/1/0/0", 404, "tileMatrixSetId")]
    [InlineData("/collections/wifi-hk/tiles/WorldCRS84Quad", 404, "tileMatrixSetId")]
    [InlineData("/tileMatrixSets/WorldCRS84Quad", 404, "tileMatrixSetId")]
    [InlineData("/collections/no-such-dataset/tiles", 404, "")]
    [InlineData("/tilesets/wifi-hk,no-such-dataset/WebMercatorQuad/1/0/0", 404, "")]
    public async Task What_is_not_in_the_tile_matrix_set_is_a_problem_details_4xx(string path, int status, string names)
    {
        using var client = Client();
        var response = await client.GetAsync(path);
        ((int)response.StatusCode).ShouldBe(status, path);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(names);
    }
}
