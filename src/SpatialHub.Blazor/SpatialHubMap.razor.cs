using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using SpatialHub.Blazor.Drawing;
using SpatialHub.Blazor.Popups;
using SpatialHub.Blazor.Tiles;
using SpatialHub.Mapping;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Rendering;
using SpatialHub.Mapping.Styles;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Blazor;

/// <summary>
/// An interactive map of a SpatialHub service's datasets: the style from <c>GET /styles/{layers}</c>, vector tiles
/// from the TileJSON at <c>/tiles/{layers}</c> (one request per tile position for all layers), drawn by
/// SpatialHub.Mapping's <see cref="MapRenderer"/> (clusters with counts, labels placed once per view) into a
/// <see cref="CommandCanvas"/>, and painted by wwwroot/spatialhub-map.js: one interop call per frame.
/// </summary>
public sealed partial class SpatialHubMap
{
    private const string ModulePath = "./_content/SpatialHub.Blazor/spatialhub-map.js";

    private readonly CommandCanvas _recorder = new();
    private readonly MapRenderer _renderer = new();
    private ElementReference _container;
    private ElementReference _canvas;
    private IJSObjectReference? _module;
    private DotNetObjectReference<SpatialHubMap>? _self;
    private Map? _map;
    private CachedTileLayer? _layer;
    private string? _loadedKey;
    private MapView _view = MapView.HongKong;
    private MapView? _viewParameter;
    private (int Width, int Height, double PixelRatio) _size = (0, 0, 1);
    private bool _rendering;
    private bool _dirty;
    private bool _viewMoved;
    private string? _error;
    private Dictionary<string, Presentation> _presentations = [];
    private FeaturePopup? _popup;
    private HttpClient? _ownHttp;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IServiceProvider Services { get; set; } = default!;

    /// <summary>The SpatialHub service, absolute or relative to the app's base URI (e.g. <c>/</c> when the app is
    /// served by the service itself).</summary>
    [Parameter, EditorRequired] public string ServiceUrl { get; set; } = "/";

    /// <summary>Dataset ids to draw, bottom to top as the service composes them.</summary>
    [Parameter] public IReadOnlyList<string> Layers { get; set; } = [];

    /// <summary>Centre and zoom; bind it both ways with <c>@bind-View</c>.</summary>
    [Parameter] public MapView View { get; set; } = MapView.HongKong;

    /// <summary>Raised when the view has moved (drag, wheel, pinch, keys, buttons); <c>@bind-View</c>'s other half.</summary>
    [Parameter] public EventCallback<MapView> ViewChanged { get; set; }

    /// <summary>Raised when a click (or tap) lands on a drawn feature (whether or not a popup shows it).</summary>
    [Parameter] public EventCallback<MapFeatureClick> FeatureClicked { get; set; }

    /// <summary>Paint or layout values replacing the service's style for this map only.</summary>
    [Parameter] public IReadOnlyList<StyleOverride> StyleOverrides { get; set; } = [];

    /// <summary>Drawn bottom right; default: the tile source's attribution (the datasets' own).</summary>
    [Parameter] public string? Attribution { get; set; }

    /// <summary>The HttpClient for styles and tiles; default: the app's registered HttpClient, else a new one.</summary>
    [Parameter] public HttpClient? Http { get; set; }

    /// <summary>Show a popup for a clicked feature, laid out by its dataset's presentation settings (labels, order,
    /// hidden fields, units, links) from the service's styles; default on.</summary>
    [Parameter] public bool Popups { get; set; } = true;

    /// <summary>Language of popup labels and titles: <c>en</c> or <c>zh-HK</c>.</summary>
    [Parameter] public string Language { get; set; } = LocalisedText.English;

    /// <summary>The popup showing, if any.</summary>
    public FeaturePopup? Popup => _popup;

    [Parameter] public string AriaLabel { get; set; } = "Map. Drag or use the arrow keys to pan; + and − to zoom.";

    [Parameter] public string? Class { get; set; }

    /// <summary>Any other attribute (<c>style</c>, <c>id</c>, <c>data-*</c>) goes on the map element.</summary>
    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    /// <summary>Features of the loaded tiles drawn in the view, per dataset ("it-sites:3 wifi-hk:20").</summary>
    public string FeaturesInView { get; private set; } = "";

    /// <summary>The view being shown (it may be ahead of the bound <see cref="View"/> while a gesture goes on).</summary>
    public MapView CurrentView => _view;

    private string ViewText => FormattableString.Invariant($"{_view.Zoom:0.##}/{_view.Latitude:0.#####}/{_view.Longitude:0.#####}");

    private string LayerKey => $"{ServiceUrl}\n{string.Join(',', Layers)}\n{JsonSerializer.Serialize(StyleOverrides)}\n{Attribution}";

    protected override async Task OnParametersSetAsync()
    {
        // Only a new View from the parent moves the map: a parent re-rendering with the value it had (while a gesture
        // is ahead of it) must not pull the map back.
        if (View != _viewParameter)
        {
            _viewParameter = View;
            if (View != _view)
            {
                _view = View with { Zoom = Math.Clamp(View.Zoom, MapView.MinZoom, MapView.MaxZoom) };
                RequestFrame();
            }
        }
        if (LayerKey != _loadedKey)
        {
            _loadedKey = LayerKey;
            await LoadAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        _self = DotNetObjectReference.Create(this);
        _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        var size = await _module.InvokeAsync<double[]>("attach", _container, _canvas, _self);
        _size = ((int)size[0], (int)size[1], size[2]);
        RequestFrame();
    }

    /// <summary>Pointer, wheel, pinch and key input from the JS module, coalesced to at most one call per animation frame.</summary>
    [JSInvokable]
    public Task OnInput(double dx, double dy, double dz, double ax, double ay)
    {
        _view = MapInteraction.Move(_view, _size.Width, _size.Height, dx, dy, dz, ax, ay);
        return FrameAsync(viewChanged: true);
    }

    [JSInvokable]
    public Task OnResize(double width, double height, double pixelRatio)
    {
        _size = ((int)width, (int)height, pixelRatio);
        return FrameAsync(viewChanged: false);
    }

    /// <summary>A click or tap that did not move the map: raises <see cref="FeatureClicked"/> for the feature hit.</summary>
    [JSInvokable]
    public async Task OnClick(double x, double y)
    {
        if (_layer is null || _map is null)
        {
            return;
        }
        var viewport = CurrentViewport();
        var hit = MapInteraction.HitTest(viewport, [(_layer.Style, _layer.Visible(viewport, 0))], new ScreenPoint(x, y));
        var popup = hit is { } h && Popups
            ? FeaturePopup.For(h.Click, _presentations.GetValueOrDefault(h.Click.Dataset, Presentation.Empty), Language, h.Anchor)
            : null;
        if (popup != _popup)
        {
            _popup = popup;
            StateHasChanged();
            RequestFrame();
        }
        if (hit is not null)
        {
            await FeatureClicked.InvokeAsync(hit.Value.Click);
        }
    }

    /// <summary>Closes the popup (its close button, Escape, a click beside any feature).</summary>
    [JSInvokable]
    public void ClosePopup()
    {
        if (_popup is not null)
        {
            _popup = null;
            StateHasChanged();
            RequestFrame();
        }
    }

    /// <summary>Zooms about the centre (the +/− buttons).</summary>
    public Task ZoomByAsync(double levels) =>
        OnInput(0, 0, levels, _size.Width / 2.0, _size.Height / 2.0);

    private Viewport CurrentViewport() => new(_view.Longitude, _view.Latitude, _view.Zoom, Math.Max(1, _size.Width), Math.Max(1, _size.Height), _size.PixelRatio);

    private async Task LoadAsync()
    {
        _layer?.Dispose();
        (_map, _layer, _error, _popup) = (null, null, null, null);
        if (Layers.Count == 0)
        {
            RequestFrame();
            return;
        }
        var http = Http ?? (HttpClient?)Services.GetService(typeof(HttpClient)) ?? (_ownHttp ??= new HttpClient());
        var service = new Uri(new Uri(Navigation.BaseUri), ServiceUrl.EndsWith('/') ? ServiceUrl : ServiceUrl + "/");
        var layers = string.Join(',', Layers.Select(Uri.EscapeDataString));
        try
        {
            var document = JsonNode.Parse(await http.GetStringAsync(new Uri(service, $"styles/{layers}"))) as JsonObject
                ?? throw new FormatException("The style is not a JSON object.");
            ApplyOverrides(document, StyleOverrides);
            var style = new StyleSheet(document);
            _presentations = FeaturePopup.PresentationsOf(document);
            var tiles = await HttpTileProvider.FromTileJsonAsync(http, new Uri(service, $"tiles/{layers}"));
            var layer = new CachedTileLayer(layers, tiles, style);
            layer.TileLoaded += tile => _ = InvokeAsync(() => FrameAsync(viewChanged: false));
            var map = new Map { Background = style.Background ?? Map.DefaultBackground, Attribution = Attribution };
            map.Layers.Add(layer);
            (_map, _layer) = (map, layer);
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or JsonException)
        {
            _error = $"The map could not load {layers} from {service}: {e.Message}";
        }
        RequestFrame();
    }

    /// <summary>Sets each override on its style layer, in <c>layout</c> for layout properties, else in <c>paint</c>.</summary>
    internal static void ApplyOverrides(JsonObject style, IEnumerable<StyleOverride> overrides)
    {
        var layers = (style["layers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var o in overrides)
        {
            foreach (var layer in layers.Where(l => (string?)l["id"] == o.LayerId))
            {
                var group = LayoutProperties.Contains(o.Property) ? "layout" : "paint";
                if (layer[group] is not JsonObject properties)
                {
                    layer[group] = properties = [];
                }
                properties[o.Property] = JsonSerializer.SerializeToNode(o.Value);
            }
        }
    }

    private static readonly HashSet<string> LayoutProperties = new(StringComparer.Ordinal)
    {
        "visibility", "text-field", "text-size", "text-font", "text-anchor", "text-offset", "text-max-width", "text-transform",
        "text-allow-overlap", "text-ignore-placement", "symbol-sort-key", "line-cap", "line-join",
    };

    private void RequestFrame() => _ = FrameAsync(viewChanged: false);

    /// <summary>Renders and paints until no new input arrived meanwhile: input during a frame makes one more frame,
    /// never a queue of stale ones.</summary>
    private async Task FrameAsync(bool viewChanged)
    {
        _viewMoved |= viewChanged;
        if (_rendering)
        {
            _dirty = true;
            return;
        }
        _rendering = true;
        try
        {
            do
            {
                _dirty = false;
                await PaintAsync();
            }
            while (_dirty);
        }
        finally
        {
            _rendering = false;
        }
        if (_viewMoved)
        {
            _viewMoved = false;
            await ViewChanged.InvokeAsync(_view);
        }
    }

    private async Task PaintAsync()
    {
        if (_module is null || _size.Width <= 0 || _size.Height <= 0)
        {
            return;
        }
        var viewport = CurrentViewport();
        _recorder.Reset();
        if (_map is null || _layer is null)
        {
            _recorder.Clear(Map.DefaultBackground);
        }
        else
        {
            await _renderer.RenderAsync(_map, viewport, _recorder);
        }
        var pending = _layer is not null && !_layer.Covers(viewport, RenderOptions.Default.Margin);
        if (!pending && _layer is not null)
        {
            FeaturesInView = MapInteraction.CountInView(viewport, _layer.Visible(viewport, 0));
        }
        var popupAt = _popup is { } popup ? viewport.ToScreen(popup.Longitude, popup.Latitude) : (ScreenPoint?)null;
        var status = new FrameStatus(ViewText, pending || _map is null && _error is null && Layers.Count > 0, FeaturesInView,
            popupAt is { } p ? [p.X, p.Y] : null);
        var measured = await _module.InvokeAsync<double[]>("draw", _canvas, _recorder.ToBytes(), _recorder.Strings, status);
        for (var i = 0; i + 1 < measured.Length; i += 2)
        {
            _recorder.MeasuredWidths[_recorder.Strings[(int)measured[i]]] = measured[i + 1];
        }
    }

    /// <summary>What the JS module writes on the map element after a frame (data-view, data-busy, data-features), and
    /// where it places the popup (CSS pixels of its anchor; null when none shows).</summary>
    internal sealed record FrameStatus(string View, bool Busy, string Features, double[]? Popup);

    public async ValueTask DisposeAsync()
    {
        _layer?.Dispose();
        _ownHttp?.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("detach", _container);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The page is gone (Blazor Server circuit closed); nothing is left to detach.
            }
        }
        _self?.Dispose();
    }
}
