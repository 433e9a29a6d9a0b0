using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>
/// Loopback stand-ins for the services CSDI and departments publish through, each paging as the real ones do:
/// a WFS 2.0 (GeoJSON output, at most 10,000 a request, startIndex/count, HK1980 Grid coordinates), an OGC API –
/// Features collection (relative <c>next</c> links, CRS84), and an ArcGIS FeatureServer layer (1,000 a request,
/// <c>exceededTransferLimit</c>, ESRI JSON in HK1980 Grid with ESRI's own wkid). Each can be told to fail one
/// page once. Every feature's position is a function of its id, so a test can check any of them.
/// </summary>
public sealed class FeatureServiceStandIns : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Path, string Parameter, string Value)> _failures = [];
    private int _requests;

    private FeatureServiceStandIns(WebApplication app, int count)
    {
        _app = app;
        Count = count;
    }

    public int Count { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public int Requests => _requests;

    /// <summary>The HK1980 Grid position of feature <paramref name="id"/>: a grid over Lantau's south coast and sea, inside Hong Kong.</summary>
    public static (double E, double N) Hk1980(int id) => (810_000 + (id % 250) * 40.125, 808_000 + (id / 250) * 40.5);

    /// <summary>The WGS 84 position of feature <paramref name="id"/> in the OGC API collection.</summary>
    public static (double Lon, double Lat) Wgs84(int id) => (114.0 + (id % 250) * 0.0004, 22.2 + (id / 250) * 0.0004);

    public static async Task<FeatureServiceStandIns> StartAsync(int count)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var servers = new FeatureServiceStandIns(app, count);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref servers._requests);
            lock (servers._failures)
            {
                var failure = servers._failures.FindIndex(f => f.Path == context.Request.Path && context.Request.Query[f.Parameter] == f.Value);
                if (failure >= 0)
                {
                    servers._failures.RemoveAt(failure);
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }
            }
            await next(context);
        });
        app.MapGet("/geoserver/wfs", servers.Wfs);
        app.MapGet("/ogc/collections/points/items", servers.OgcApi);
        app.MapGet("/arcgis/rest/services/Points/FeatureServer/0/query", servers.Esri);
        app.MapGet("/files/points.geojson", servers.File);
        await app.StartAsync();
        servers.BaseAddress = new Uri(app.Urls.First());
        return servers;
    }

    /// <summary>The next request for <paramref name="path"/> whose <paramref name="parameter"/> is <paramref name="value"/> answers 503.</summary>
    public void FailOnce(string path, string parameter, string value)
    {
        lock (_failures)
        {
            _failures.Add((path, parameter, value));
        }
    }

    private IResult Wfs(HttpContext context)
    {
        var start = Int(context, "startIndex", 0);
        var count = Math.Min(Int(context, "count", 10_000), 10_000);
        var ids = Enumerable.Range(start, Math.Max(0, Math.Min(count, Count - start)));
        return Json(new
        {
            type = "FeatureCollection",
            numberMatched = Count,
            numberReturned = ids.Count(),
            crs = new { type = "name", properties = new { name = "urn:ogc:def:crs:EPSG::2326" } },
            features = ids.Select(i => new
            {
                type = "Feature",
                id = $"points.{i}",
                geometry = new { type = "Point", coordinates = new[] { Hk1980(i).E, Hk1980(i).N } },
                properties = new { point_id = i, name = $"Point {i}" },
            }),
        }, "application/json");
    }

    private IResult OgcApi(HttpContext context)
    {
        var offset = Int(context, "offset", 0);
        var limit = Math.Min(Int(context, "limit", 10), 1_000);
        var ids = Enumerable.Range(offset, Math.Max(0, Math.Min(limit, Count - offset))).ToList();
        var links = offset + limit < Count
            ? new object[] { new { rel = "next", type = "application/geo+json", href = $"items?offset={offset + limit}&limit={limit}&f=json" } }
            : [];
        context.Response.Headers["Content-Crs"] = "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>";
        return Json(new
        {
            type = "FeatureCollection",
            numberMatched = Count,
            numberReturned = ids.Count,
            links,
            features = ids.Select(i => new
            {
                type = "Feature",
                id = i,
                geometry = new { type = "Point", coordinates = new[] { Wgs84(i).Lon, Wgs84(i).Lat } },
                properties = new { point_id = i },
            }),
        }, "application/geo+json");
    }

    private IResult Esri(HttpContext context)
    {
        if (context.Request.Query["f"] != "json")
        {
            return Json(new { error = new { code = 400, message = "Invalid format" } }, "application/json");
        }
        var offset = Int(context, "resultOffset", 0);
        var size = Math.Min(Int(context, "resultRecordCount", 1_000), 1_000);
        var ids = Enumerable.Range(offset, Math.Max(0, Math.Min(size, Count - offset))).ToList();
        return Json(new
        {
            objectIdFieldName = "OBJECTID",
            geometryType = "esriGeometryPoint",
            spatialReference = new { wkid = 102140, latestWkid = 2326 },
            fields = new object[]
            {
                new { name = "OBJECTID", type = "esriFieldTypeOID" },
                new { name = "SURVEYED", type = "esriFieldTypeDate" },
            },
            exceededTransferLimit = offset + ids.Count < Count,
            features = ids.Select(i => new
            {
                attributes = new { OBJECTID = i + 1, point_id = i, SURVEYED = 1_700_000_000_000L + (i * 86_400_000L) },
                geometry = new { x = Hk1980(i).E, y = Hk1980(i).N },
            }),
        }, "application/json");
    }

    /// <summary>The plain file at /files/points.geojson: its first <see cref="FilePoints"/> features, with an ETag
    /// that changes with them; 304 to a request that already has it; 500 while <see cref="FileFails"/>.</summary>
    public int FilePoints { get; set; } = 10;

    public bool FileFails { get; set; }

    public int FileNotModified { get; private set; }

    private IResult File(HttpContext context)
    {
        if (FileFails)
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }
        var etag = $"\"points-{FilePoints}\"";
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            FileNotModified++;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        context.Response.Headers.ETag = etag;
        return Json(new
        {
            type = "FeatureCollection",
            features = Enumerable.Range(0, FilePoints).Select(i => new
            {
                type = "Feature",
                geometry = new { type = "Point", coordinates = new[] { Wgs84(i).Lon, Wgs84(i).Lat } },
                properties = new { point_id = i },
            }),
        }, "application/geo+json");
    }

    private static IResult Json(object body, string contentType) =>
        Results.Text(JsonSerializer.Serialize(body), contentType);

    private static int Int(HttpContext context, string name, int fallback) =>
        int.TryParse(context.Request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
