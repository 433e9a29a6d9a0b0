using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SpatialHub.Mapping.Geometry;

namespace SpatialHub.Server.Tests.Browser;

public readonly record struct MapView(double Longitude, double Latitude, double Zoom);

/// <summary>The /dotnet page in one browser context: its tile requests, script errors, and what the map element
/// reports after each frame (data-view "zoom/lat/lon", data-busy, data-features "dataset:count …").</summary>
public sealed partial class DotnetPage : IAsyncDisposable
{
    private const string Map = ".spatialhub-map";
    private readonly IBrowserContext _context;
    private readonly string _baseUrl;

    public DotnetPage(IBrowserContext context, IPage page, string baseUrl)
    {
        (_context, Page, _baseUrl) = (context, page, baseUrl);
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                Errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => Errors.Add(e);
        page.RequestFinished += async (_, r) =>
        {
            var sizes = await r.SizesAsync();
            Interlocked.Add(ref _bytesOnWire, sizes.ResponseBodySize + sizes.ResponseHeadersSize);
        };
        page.Request += (_, r) =>
        {
            if (TileUrl().Match(r.Url) is { Success: true } m)
            {
                lock (TileRequests)
                {
                    TileRequests.Add(new TileId(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                        int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
                }
            }
        };
    }

    private long _bytesOnWire;

    public IPage Page { get; }

    /// <summary>Response bytes as transferred (compressed bodies plus headers) since the page opened.</summary>
    public long BytesOnWire => Interlocked.Read(ref _bytesOnWire);

    /// <summary>From navigation to the first frame that drew every tile of the view (a figure for docs/benchmarks.md,
    /// written to TestResults; nothing asserts on it).</summary>
    public TimeSpan FirstLoad { get; private set; }

    public List<string> Errors { get; } = [];

    public HashSet<TileId> TileRequests { get; } = [];

    public IResponse? Response { get; private set; }

    /// <summary>The map element's top on the page (the header is above it).</summary>
    public float MapTop { get; private set; }

    /// <summary>The map element's left edge on the page (the layer list is beside it).</summary>
    public float MapLeft { get; private set; }

    public async Task GotoAsync(string hash)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Response = await Page.GotoAsync($"{_baseUrl}/dotnet/{hash}");
        // First load compiles the runtime (no AOT here): allow for a busy machine.
        try
        {
            await Page.WaitForSelectorAsync($"{Map}[data-frames]", new PageWaitForSelectorOptions { Timeout = 90_000, State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"/dotnet/{hash} drew no frame. Script errors: {string.Join(" | ", Errors)}", e);
        }
        await WaitIdleAsync();
        FirstLoad = clock.Elapsed;
        var box = await Page.Locator(Map).BoundingBoxAsync();
        (MapLeft, MapTop) = (box!.X, box.Y);
    }

    /// <summary>Waits until a frame has drawn with every tile of the view loaded.</summary>
    public Task WaitIdleAsync() =>
        Page.WaitForFunctionAsync("() => { const m = document.querySelector('.spatialhub-map'); return m && m.dataset.busy === 'false' && m.dataset.features; }",
            null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 100 });

    public async Task<MapView> ViewAsync()
    {
        await Task.Delay(200);
        var parts = (await Page.GetAttributeAsync(Map, "data-view"))!.Split('/').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new MapView(parts[2], parts[1], parts[0]);
    }

    public async Task<Dictionary<string, int>> Features() =>
        (await Page.GetAttributeAsync(Map, "data-features"))!.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));

    /// <summary>The map's size in CSS pixels.</summary>
    public async Task<(int Width, int Height)> CanvasSizeAsync()
    {
        var size = await Page.EvaluateAsync<int[]>($"() => {{ const c = document.querySelector('{Map} canvas'); return [c.clientWidth, c.clientHeight, c.width]; }}");
        size[2].ShouldBe(size[0] * 2, "the canvas has device pixels (DeviceScaleFactor 2)");
        return (size[0], size[1]);
    }

    /// <summary>RGB of the canvas at a CSS pixel position.</summary>
    public async Task<int[]> PixelAsync(double x, double y) =>
        await Page.EvaluateAsync<int[]>(
            $"([x, y]) => {{ const c = document.querySelector('{Map} canvas'); const r = window.devicePixelRatio; return [...c.getContext('2d').getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data].slice(0, 3); }}",
            new[] { x, y });

    [GeneratedRegex(@"/tiles/[^/?]+/(\d+)/(\d+)/(\d+)")]
    private static partial Regex TileUrl();

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
