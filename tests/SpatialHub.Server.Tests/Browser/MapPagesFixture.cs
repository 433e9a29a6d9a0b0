using Microsoft.Playwright;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>The whole service on a real loopback port (Kestrel) with the samples imported, and one headless Debian
/// Chromium for every browser test. Playwright drives the system browser and never downloads one.</summary>
public class MapPagesFixture : LoopbackSpatialHubFactory, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryPaths.Root, "tests", "SpatialHub.Server.Tests", "TestResults", "screenshots");

    public override async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // No GPU here: Chromium draws WebGL with SwiftShader, its software renderer.
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
            ],
        });
    }

    /// <summary>Opens a page in a fresh browser context and waits until its map has drawn what it loaded.</summary>
    public async Task<MapPage> OpenAsync(string pathAndHash, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var mapPage = new MapPage(context, page, new Uri(BaseUrl));
        await mapPage.GotoAsync(BaseUrl + pathAndHash);
        return mapPage;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MapPagesCollection : ICollectionFixture<MapPagesFixture>
{
    public const string Name = "Map pages in a browser";
}
