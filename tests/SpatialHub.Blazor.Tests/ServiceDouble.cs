using System.Collections.Concurrent;
using System.Net;
using System.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.VectorTiles;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace SpatialHub.Blazor.Tests;

/// <summary>A SpatialHub service's three reads as the component makes them (/styles/{layers}, the TileJSON at
/// /tiles/{layers}, and MVT tiles encoded by NetTopologySuite's writer), answered in process; it records every URL.</summary>
public sealed class ServiceDouble : HttpMessageHandler
{
    public const string Origin = "https://hub.example.org/";

    /// <summary>Hong Kong Science Park's I&amp;T site.</summary>
    public static readonly (double Lon, double Lat) SciencePark = (114.2105, 22.4254);

    public ConcurrentQueue<string> Requests { get; } = new();

    public HttpClient Client() => new(this) { BaseAddress = new Uri(Origin) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        Requests.Enqueue(path);
        var parts = path.Trim('/').Split('/');
        return Task.FromResult(parts switch
        {
            ["styles", _] => Json(Style),
            ["catalog"] => Json(Catalog),
            ["tiles", var layers] => Json($$"""{"tilejson":"3.0.0","tiles":["{{Origin}}tiles/{{layers}}/{z}/{x}/{y}"],"minzoom":0,"maxzoom":16,"attribution":"Test data"}"""),
            ["tiles", _, var z, var x, var y] => Tile(int.Parse(z), int.Parse(x), int.Parse(y)),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });
    }

    /// <summary>A composed style like /styles/it-sites: one circle layer, #0b57a4, radius 6; the legend and the
    /// presentation settings as StyleComposer writes them (labels, order, a coded value, units, two link fields, hidden fields).</summary>
    private const string Style = """
        {"version":8,"sources":{"it-sites":{"type":"vector","url":"/tiles/it-sites"}},
         "metadata":{"spatialhub:legends":{"it-sites":[{"label":"S Science park","colour":"#0b57a4"}]},
          "spatialhub:presentations":{"it-sites":{
            "title":{"en":"Innovation and technology sites","zh-HK":"創新科技地點"},"titleField":{"en":"name_en","zh-HK":"name_tc"},
            "fields":[{"name":"category","label":{"en":"Category","zh-HK":"類別"},"values":{"science_park":"Science park"}},
                      {"name":"opened","label":{"en":"Opened","zh-HK":"啟用年份"}},
                      {"name":"homepage","label":{"en":"Website","zh-HK":"網站"},"link":true},
                      {"name":"report","label":{"en":"Report","zh-HK":"報告"},"link":true},
                      {"name":"floor_area_m2","label":{"en":"Floor area","zh-HK":"樓面面積"},"unit":"m²"}],
            "hidden":["name_en","name_tc","secret"]}}},
         "layers":[{"id":"it-sites:points","type":"circle","source":"it-sites","source-layer":"it-sites",
                    "paint":{"circle-color":"#0b57a4","circle-radius":6}}]}
        """;

    /// <summary>/catalog: the I&amp;T sites (titled by their presentation settings in the style) and a dataset without
    /// settings, titled by the catalog; attributions are HTML, as the service keeps them.</summary>
    private const string Catalog = """
        {"datasets":[{"id":"it-sites","title":"it-sites-hk1980","attribution":"I&amp;T sites: <a href=\"https://www.gov.hk/\">HKSAR Government</a>"},
                     {"id":"new-data","title":"New survey points","attribution":null}]}
        """;

    private static HttpResponseMessage Json(string json) => new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>The Science Park site in whichever tile holds it; other tiles are empty (204, as SpatialHub answers).</summary>
    private static HttpResponseMessage Tile(int z, int x, int y)
    {
        var tile = new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z);
        var (lon, lat) = SciencePark;
        if (lon < tile.Left || lon >= tile.Right || lat < tile.Bottom || lat >= tile.Top)
        {
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        }
        var layer = new Layer { Name = "it-sites" };
        layer.Features.Add(new Feature(new Point(lon, lat), new AttributesTable
        {
            { "site_id", "HKSP" }, { "name_en", "Hong Kong Science Park" }, { "name_tc", "香港科學園" }, { "opened", 2001 },
            { "category", "science_park" }, { "floor_area_m2", 330000 }, { "homepage", "https://www.hkstp.org/" },
            { "report", "javascript:alert(1)" }, { "note", "<b>22 ha</b>" }, { "secret", "internal" },
        }));
        var vectorTile = new VectorTile { TileId = tile.Id };
        vectorTile.Layers.Add(layer);
        using var stream = new MemoryStream();
        vectorTile.Write(stream, MapboxTileWriter.DefaultMinLinealExtent, MapboxTileWriter.DefaultMinPolygonalExtent);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(stream.ToArray()) };
    }
}
