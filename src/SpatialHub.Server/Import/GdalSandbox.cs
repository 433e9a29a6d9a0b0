using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace SpatialHub.Server.Import;

/// <summary>How GDAL's tools are confined on this host.</summary>
internal enum SandboxMode
{
    /// <summary>As root: a network namespace of its own (no interfaces), then setpriv to the sandbox user.</summary>
    NamespaceAndUser,

    /// <summary>As an ordinary user: a user and network namespace of its own (unshare -rn); the service's own user.</summary>
    Namespace,

    /// <summary>No confinement could be set up; GDAL formats are refused unless the operator allowed this.</summary>
    None,
}

/// <summary>
/// Starts GDAL's command-line tools for one import: without network (a network namespace of their own), as an
/// unprivileged user, in a private folder, with a scrubbed environment, with every driver but the allowed ones
/// skipped (GDAL_SKIP: Debian 12's GDAL 3.6 has no <c>-if</c>), and with GDAL's own network switches off as a second
/// line. The probe and the driver list are computed once per process.
/// </summary>
public sealed partial class GdalSandbox(ImportOptions options, ILogger logger)
{
    public const string DebianPackage = "gdal-bin";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (SandboxMode Mode, uint Uid, uint Gid)> Probes = [];
    private static IReadOnlyList<string>? _allDrivers;

    public ImportOptions Options => options;

    internal SandboxMode Mode => Probe().Mode;

    /// <summary>Refuses GDAL formats (415) when GDAL cannot be confined and the operator did not allow it unconfined.</summary>
    public void EnsureAvailable()
    {
        if (AllDrivers().Count == 0)
        {
            // Without the list of drivers nothing could be skipped.
            throw UploadRefusedException.WrongFormat($"GDAL's ogrinfo is needed to read this format: install the Debian package '{DebianPackage}'.");
        }
        if (Mode == SandboxMode.None && !options.AllowUnsandboxedGdal)
        {
            throw UploadRefusedException.WrongFormat(
                "This server reads only CSV and GeoJSON: GDAL formats need a sandbox (unshare, setpriv) that cannot be set up here. " +
                "See docs/operations.md, \"Threat model for uploads\".");
        }
    }

    /// <summary>Hands the workspace to the sandbox user, who must read the upload and write sidecars beside it.</summary>
    internal void Admit(ImportWorkspace workspace)
    {
        var (mode, uid, gid) = Probe();
        if (mode != SandboxMode.NamespaceAndUser)
        {
            return;
        }
        foreach (var path in Directory.EnumerateFileSystemEntries(workspace.Root, "*", SearchOption.AllDirectories).Prepend(workspace.Root))
        {
            if (Chown(path, uid, gid) != 0)
            {
                throw new IOException($"Cannot hand the import folder to {options.SandboxUser} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
    }

    /// <summary>Starts <paramref name="tool"/> (ogr2ogr, ogrinfo) confined, able to open files with <paramref name="drivers"/> only.</summary>
    internal Process Start(string tool, IEnumerable<string> arguments, ImportWorkspace workspace, IReadOnlyCollection<string> drivers)
    {
        var (mode, uid, gid) = Probe();
        IEnumerable<string> command = mode switch
        {
            SandboxMode.NamespaceAndUser => ["unshare", "--net", "--", "setpriv", $"--reuid={uid}", $"--regid={gid}", "--clear-groups", "--no-new-privs", "--", tool],
            SandboxMode.Namespace => ["unshare", "--map-root-user", "--net", "--", tool],
            _ => [tool],
        };
        command = command.Concat(arguments);
        var start = new ProcessStartInfo(command.First())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workspace.Data,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        // Nothing of the service's environment (credentials, proxies, GDAL settings) reaches GDAL.
        start.Environment.Clear();
        foreach (var (name, value) in Environment(workspace, drivers))
        {
            start.Environment[name] = value;
        }
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw UploadRefusedException.WrongFormat($"GDAL's {tool} is needed to read this format and could not be started: install the Debian package '{DebianPackage}' ({e.Message}).");
        }
    }

    private static IEnumerable<(string, string)> Environment(ImportWorkspace workspace, IReadOnlyCollection<string> drivers)
    {
        var skipped = string.Join(",", AllDrivers().Where(d => !drivers.Contains(d, StringComparer.Ordinal)));
        return
        [
            ("PATH", "/usr/local/bin:/usr/bin:/bin"),
            ("LC_ALL", "C.UTF-8"),
            ("HOME", workspace.Temp),
            ("TMPDIR", workspace.Temp),
            ("CPL_TMPDIR", workspace.Temp),
            ("GDAL_SKIP", skipped),
            // GML: no schema download (DescribeFeatureType), no xlink resolution, which could fetch other documents.
            ("GML_DOWNLOAD_WFS_SCHEMA", "NO"),
            ("GML_SKIP_RESOLVE_ELEMS", "ALL"),
            ("OGR_SQLITE_LIST_VIRTUAL_OGR", "NO"),
            ("PROJ_NETWORK", "OFF"),
            // Second line behind the network namespace: /vsicurl/ accepts no file name, HTTP goes to a
            // non-routable proxy (TEST-NET-1), gives up at once and never retries.
            ("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".spatialhub-no-remote-files"),
            ("GDAL_HTTP_PROXY", "192.0.2.1:9"),
            ("GDAL_HTTP_CONNECTTIMEOUT", "1"),
            ("GDAL_HTTP_TIMEOUT", "1"),
            ("GDAL_HTTP_MAX_RETRY", "0"),
            ("GDAL_HTTP_NETRC", "NO"),
        ];
    }

    /// <summary>Every driver this GDAL build has, raster and vector, from <c>ogrinfo --formats</c> and <c>gdalinfo --formats</c>.</summary>
    public static IReadOnlyList<string> AllDrivers()
    {
        lock (Gate)
        {
            return _allDrivers ??= new[] { "ogrinfo", "gdalinfo" }
                .SelectMany(tool => FormatLine().Matches(RunQuietly(tool, "--formats") ?? "").Select(m => m.Groups["name"].Value.Trim()))
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
    }

    private (SandboxMode Mode, uint Uid, uint Gid) Probe()
    {
        lock (Gate)
        {
            if (!Probes.TryGetValue(options.SandboxUser, out var probe))
            {
                probe = ProbeNow();
                Probes[options.SandboxUser] = probe;
                if (probe.Mode == SandboxMode.None)
                {
                    logger.LogWarning("GDAL cannot be sandboxed here (unshare/setpriv failed); GDAL formats are {Policy}",
                        options.AllowUnsandboxedGdal ? "read UNCONFINED (SpatialHub:Import:AllowUnsandboxedGdal)" : "refused");
                }
            }
            return probe;
        }
    }

    private (SandboxMode, uint, uint) ProbeNow()
    {
        if (System.Environment.IsPrivilegedProcess)
        {
            if (UserIds(options.SandboxUser) is { } ids
                && RunQuietly("unshare", "--net", "--", "setpriv", $"--reuid={ids.Uid}", $"--regid={ids.Gid}", "--clear-groups", "--no-new-privs", "--", "true") is not null)
            {
                return (SandboxMode.NamespaceAndUser, ids.Uid, ids.Gid);
            }
            return (SandboxMode.None, 0u, 0u);
        }
        return (RunQuietly("unshare", "--map-root-user", "--net", "--", "true") is not null ? SandboxMode.Namespace : SandboxMode.None, 0u, 0u);
    }

    /// <summary>The uid and primary gid of <paramref name="user"/> from /etc/passwd.</summary>
    private static (uint Uid, uint Gid)? UserIds(string user)
    {
        var line = File.Exists("/etc/passwd") ? File.ReadLines("/etc/passwd").FirstOrDefault(l => l.StartsWith(user + ":", StringComparison.Ordinal)) : null;
        var fields = line?.Split(':');
        return fields is { Length: > 3 } && uint.TryParse(fields[2], out var uid) && uint.TryParse(fields[3], out var gid) && uid != 0
            ? (uid, gid)
            : null;
    }

    /// <summary>Standard output of a command that exited with 0; null when it failed or could not start.</summary>
    private static string? RunQuietly(string command, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>"  ESRI Shapefile -vector- (rw+v): ESRI Shapefile": the short name is what comes before the capabilities.</summary>
    [GeneratedRegex(@"^\s+(?<name>\S.*?) -(?:raster|vector|multidimensional raster|gnm)[-,]", RegexOptions.Multiline)]
    private static partial Regex FormatLine();

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
}
