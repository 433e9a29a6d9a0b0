using Microsoft.Extensions.Options;
using SpatialHub.Core.Import.Services;
using SpatialHub.Server.Import;
using SpatialHub.Server.Sources;

namespace SpatialHub.Server.Cli;

/// <summary>A source named on the command line (a file, a .gdb folder or a URL, fetched first) with the sandbox, log and
/// timeout an upload gets: a file given to the CLI may come from anyone too. One way in for <c>import</c> and
/// <c>inspect</c>; disposing it removes a download.</summary>
internal sealed class CliSource : IDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly CancellationTokenSource _timeout;
    private readonly DownloadedSource? _download;

    private CliSource(ILoggerFactory loggers, ILogger logger, GdalSandbox sandbox, CancellationTokenSource timeout, string source, DownloadedSource? download)
    {
        _loggers = loggers;
        Logger = logger;
        Sandbox = sandbox;
        _timeout = timeout;
        _download = download;
        Path = download?.Path ?? source;
        FileName = download?.FileName ?? System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(source));
    }

    /// <summary>The file or folder to read (a download's temporary file for a URL).</summary>
    public string Path { get; }

    /// <summary>The name issues show, whose extension gives the format.</summary>
    public string FileName { get; }

    public GdalSandbox Sandbox { get; }

    public ILogger Logger { get; }

    /// <summary>Cancelled by the caller or at <c>SpatialHub:Import:TimeoutSeconds</c>.</summary>
    public CancellationToken Token => _timeout.Token;

    public static bool IsUrl(string source) => FeatureServices.IsUrl(source);

    /// <summary>Refuses a path that names nothing before any host or database is started (exit code 2).</summary>
    public static void EnsureExists(string source)
    {
        if (!IsUrl(source) && !File.Exists(source) && !Directory.Exists(source))
        {
            throw new FileNotFoundException($"No such file or folder: {System.IO.Path.GetFullPath(source)}");
        }
    }

    public static async Task<CliSource> OpenAsync(CliHost host, string source, string? service, string logCategory, CancellationToken cancellationToken)
    {
        var importOptions = host.Services.GetRequiredService<IOptions<ImportOptions>>().Value;
        var loggers = LoggerFactory.Create(logging => logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        var logger = loggers.CreateLogger(logCategory);
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(importOptions.Timeout);
        try
        {
            var download = IsUrl(source) ? await DownloadAsync(host, source, service, timeout.Token) : null;
            return new CliSource(loggers, logger, new GdalSandbox(importOptions, logger), timeout, source, download);
        }
        catch
        {
            timeout.Dispose();
            loggers.Dispose();
            throw;
        }
    }

    /// <summary>Fetches a URL source to a temporary file, showing pages and features on standard error.</summary>
    private static async Task<DownloadedSource> DownloadAsync(CliHost host, string url, string? service, CancellationToken cancellationToken)
    {
        FeatureServiceKind? kind;
        try
        {
            kind = FeatureServices.Parse(service);
        }
        catch (ArgumentException e)
        {
            throw new CliInputException(e.Message);
        }
        var downloader = host.Services.GetRequiredService<FeatureServiceDownloader>();
        var progress = new Progress<DownloadProgress>(p => Console.Error.WriteLine(
            $"page {p.Pages}: {p.Features:N0}{(p.Expected is { } expected ? $" of {expected:N0}" : "")} features"));
        var download = await downloader.DownloadAsync(new Uri(url), kind, progress, cancellationToken);
        Console.Error.WriteLine($"fetched {download!.Features:N0} features in {download.Pages} page(s) from {new Uri(url).Host}");
        return download;
    }

    public void Dispose()
    {
        _download?.Dispose();
        _timeout.Dispose();
        _loggers.Dispose();
    }
}
