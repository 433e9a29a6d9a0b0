using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Hosting;

/// <summary><c>SpatialHub:AccessLog</c>: an access log in the W3C Extended Log File Format (one line per request, the
/// format IIS, AWStats and GoAccess read), off by default because per-request logging costs throughput.</summary>
public sealed class AccessLogOptions
{
    public const string Section = "SpatialHub:AccessLog";

    /// <summary>Write the access log.</summary>
    public bool Enabled { get; set; }

    /// <summary>Folder of the log files, relative to the working directory (like DataDirectory).</summary>
    public string Directory { get; set; } = "logs";

    /// <summary>File name prefix; files are rolled daily and at 10 MB (access0000.txt, access0001.txt, ...).</summary>
    public string FileName { get; set; } = "access";

    /// <summary>Files kept before the oldest is deleted.</summary>
    public int RetainedFiles { get; set; } = 10;
}

internal static class AccessLog
{
    public static IServiceCollection AddAccessLog(this IServiceCollection services)
    {
        services.AddOptions<AccessLogOptions>()
            .BindConfiguration(AccessLogOptions.Section)
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.Directory), "SpatialHub:AccessLog:Directory must not be empty.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.FileName) && o.FileName.IndexOfAny(Path.GetInvalidFileNameChars()) < 0,
                "SpatialHub:AccessLog:FileName must be a file name without a folder.")
            .Validate(o => o.RetainedFiles is > 0 and <= 10_000, "SpatialHub:AccessLog:RetainedFiles must be between 1 and 10000.")
            .ValidateOnStart();
        services.AddW3CLogging(_ => { });
        services.AddOptions<W3CLoggerOptions>().Configure<IOptions<AccessLogOptions>>((w3c, options) =>
        {
            w3c.LogDirectory = Path.GetFullPath(options.Value.Directory);
            w3c.FileName = options.Value.FileName;
            w3c.RetainedFileCountLimit = options.Value.RetainedFiles;
            w3c.LoggingFields = W3CLoggingFields.Date | W3CLoggingFields.Time | W3CLoggingFields.ClientIpAddress
                | W3CLoggingFields.Method | W3CLoggingFields.UriStem | W3CLoggingFields.UriQuery | W3CLoggingFields.ProtocolStatus
                | W3CLoggingFields.TimeTaken | W3CLoggingFields.ProtocolVersion | W3CLoggingFields.Host
                | W3CLoggingFields.UserAgent | W3CLoggingFields.Referer;
        });
        return services;
    }

    /// <summary>First in the pipeline, so that the time taken and the status are what the client saw.</summary>
    public static WebApplication UseAccessLogWhenEnabled(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AccessLogOptions>>().Value.Enabled)
        {
            app.UseW3CLogging();
        }
        return app;
    }
}
