using System.Text.Json;
using Microsoft.Playwright;
using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>One open map page: collects script errors and every request that leaves the service's origin, and reads
/// the map through window.spatialhubMap.</summary>
public sealed class MapPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly Uri _origin;

    public MapPage(IBrowserContext context, IPage page, Uri origin)
    {
        _context = context;
        _origin = origin;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ScriptErrors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => ScriptErrors.Add($"pageerror: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                FailedRequests.Add($"{response.Status} {response.Url}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            // MapLibre cancels the tiles it no longer needs while the view moves.
            if (request.Failure != "net::ERR_ABORTED")
            {
                FailedRequests.Add($"{request.Failure} {request.Url}");
            }
        };
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme is "http" or "https" && url.Authority != _origin.Authority)
            {
                ForeignRequests.Add(request.Url);
            }
        };
    }

    public IPage Page { get; }

    public List<string> ScriptErrors { get; } = [];

    public List<string> ForeignRequests { get; } = [];

    public List<string> FailedRequests { get; } = [];

    public IResponse? Response { get; private set; }

    public async Task GotoAsync(string url)
    {
        Response = await Page.GotoAsync(url);
        try
        {
            await Page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 15_000, State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{url} did not get ready. Script errors: {string.Join(" | ", ScriptErrors)}. Failed requests: {string.Join(" | ", FailedRequests)}", e);
        }
        await WaitIdleAsync();
    }

    /// <summary>Waits until the map has loaded and drawn every tile it needs.</summary>
    public Task WaitIdleAsync() => Page.EvaluateAsync(
        "() => Promise.race([window.spatialhub.whenIdle(), new Promise((_, reject) => setTimeout(() => reject(new Error('map not idle after 15 s')), 15000))])");

    /// <summary>Features drawn in the viewport per dataset; a server cluster counts as its point_count.</summary>
    public async Task<Dictionary<string, int>> RenderedCountsAsync()
    {
        var counts = await Page.EvaluateAsync<Dictionary<string, int>>("""
            () => {
              const map = window.spatialhubMap;
              const layers = map.getStyle().layers.filter(l => l.metadata && l.metadata['spatialhub:dataset']).map(l => l.id);
              const counts = {};
              for (const f of map.queryRenderedFeatures({ layers })) {
                const dataset = f.layer.metadata['spatialhub:dataset'];
                counts[dataset] = (counts[dataset] || 0) + (f.properties.point_count > 1 ? f.properties.point_count : 1);
              }
              return counts;
            }
            """);
        return counts ?? [];
    }

    /// <summary>Rendered features of one dataset: id, properties and screen position.</summary>
    public async Task<List<RenderedFeature>> RenderedFeaturesAsync(string dataset)
    {
        var json = await Page.EvaluateAsync<JsonElement>("""
            (dataset) => {
              const map = window.spatialhubMap;
              const layers = map.getStyle().layers.filter(l => l.metadata && l.metadata['spatialhub:dataset'] === dataset && l.type !== 'symbol').map(l => l.id);
              const rect = map.getCanvas().getBoundingClientRect();
              return map.queryRenderedFeatures({ layers }).map(f => {
                const c = f.geometry.type === 'Point' ? f.geometry.coordinates : null;
                const p = c ? map.project(c) : null;
                return { id: f.id === undefined ? null : String(f.id), properties: f.properties, lon: c ? c[0] : null, lat: c ? c[1] : null,
                         x: p ? rect.left + p.x : null, y: p ? rect.top + p.y : null };
              });
            }
            """, dataset);
        return json.Deserialize<List<RenderedFeature>>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
    }

    public Task<T> EvaluateAsync<T>(string script, object? argument = null) => Page.EvaluateAsync<T>(script, argument);

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(MapPagesFixture.ScreenshotDirectory);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(MapPagesFixture.ScreenshotDirectory, name) });
    }

    public void ShouldHaveNoScriptErrorsOrForeignRequests()
    {
        ScriptErrors.ShouldBeEmpty();
        FailedRequests.ShouldBeEmpty();
        ForeignRequests.ShouldBeEmpty("the pages must work offline: no CDN, no glyph server");
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

public sealed record RenderedFeature(string? Id, Dictionary<string, JsonElement> Properties, double? Lon, double? Lat, double? X, double? Y)
{
    public bool IsCluster => Properties.TryGetValue("point_count", out var count) && count.ValueKind == JsonValueKind.Number && count.GetDouble() > 1;
}
