namespace SpatialHub.Server.Hosting;

/// <summary>The <c>SpatialHub</c> configuration section. Every default is here; see appsettings.json for a
/// commented sample and docs/ for the reference.</summary>
public sealed class SpatialHubOptions
{
    public const string Section = "SpatialHub";
    public const string ConnectionStringName = "SpatialHub";
    public const string ReadConnectionStringName = "SpatialHubRead";
    public const int DefaultReplicaRestSeconds = 5;

    /// <summary>Where the embedded PostgreSQL cluster and local state live. Relative to the working directory.</summary>
    public string DataDirectory { get; set; } = ".spatialhub";

    /// <summary>Key required in the X-Api-Key header for every write. No key configured: writes are refused.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Folder with samples.json and the sample datasets. Default: data-samples beside the executable.</summary>
    public string? SampleDirectory { get; set; }

    /// <summary>Import the sample datasets when the catalog is empty at start.</summary>
    public bool ImportSamplesWhenEmpty { get; set; } = true;

    /// <summary>Largest accepted upload body, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Writes (uploads, deletes) each client address may make per minute; more get 429 with Retry-After.</summary>
    public int WritesPerMinute { get; set; } = 30;

    /// <summary>Refused keys each client address (IPv6: /64) may send per minute; then every write from it is 429 until the minute ends.</summary>
    public int FailedKeysPerMinute { get; set; } = 10;

    /// <summary>How long a graceful stop (SIGTERM, Ctrl+C) waits for requests in flight before it gives up on them, in
    /// seconds. Under Kubernetes' default 30 s grace period and systemd's 90 s, so that the database is still
    /// closed (and the embedded cluster stopped) cleanly before the process is killed.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 20;

    /// <summary>Most connections the service opens to PostgreSQL.</summary>
    public int MaxPoolSize { get; set; } = 32;

    /// <summary>Streaming replicas of the primary (<c>ConnectionStrings:SpatialHub</c>) for tile renders, feature,
    /// catalog and search reads; added to those of <c>ConnectionStrings:SpatialHubRead</c> (separated by <c>|</c>).</summary>
    public List<string> ReadConnectionStrings { get; set; } = [];

    /// <summary>Seconds a replica that could not be reached is left out before it is tried again.</summary>
    public int ReplicaRestSeconds { get; set; } = DefaultReplicaRestSeconds;

    /// <summary>Proxies whose X-Forwarded-* headers are believed (addresses or CIDR networks; "*" for any). Empty: none,
    /// not even loopback (a proxy on the same host must be named, e.g. 127.0.0.1). The client address they give is what
    /// rate limits count.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The address clients reach the service at (e.g. https://maps.example.org, or with a path behind a proxy);
    /// every absolute link starts with it. Null: links use the request's host, which must be one of
    /// <see cref="AllowedHosts"/>.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Host names (no port; "*.example.org" for subdomains) whose requests get links built from their own host
    /// when <see cref="PublicBaseUrl"/> is not set; requests for other hosts that need a link get 400. Empty: localhost,
    /// 127.0.0.1 and [::1].</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Limits of the anonymous POST /api/transform (<c>SpatialHub:Transform</c>).</summary>
    public Projection.TransformSettings Transform { get; set; } = new();

    /// <summary>Budget and statement timeout of expensive anonymous reads (<c>SpatialHub:ExpensiveReads</c>).</summary>
    public ExpensiveReadSettings ExpensiveReads { get; set; } = new();

    /// <summary>Which web origins may read the API from a browser (<c>SpatialHub:Cors:AllowedOrigins</c>).</summary>
    public CorsSettings Cors { get; set; } = new();

    public string ResolvedSampleDirectory => SampleDirectory ?? Path.Combine(AppContext.BaseDirectory, "data-samples");
}
