using System.Globalization;

namespace SpatialHub.PostGis.Embedded;

/// <summary>What postmaster.pid says about a cluster's server (its layout is documented in PostgreSQL's pidfile.h:
/// line 1 the PID, line 4 the port).</summary>
internal static class Postmaster
{
    public static int? ReadPid(ClusterLayout layout) => ReadLine(layout, 0);

    public static int? ReadPort(ClusterLayout layout) => ReadLine(layout, 3);

    /// <summary>True when the postmaster named in postmaster.pid is a live process. A killed postmaster whose parent
    /// does not reap it lingers as a zombie, which signal 0 (and so pg_ctl) still takes for alive: /proc tells.</summary>
    public static bool IsRunning(ClusterLayout layout) => ReadPid(layout) is { } pid && IsLive(pid);

    /// <summary>Removes postmaster.pid when its process is gone, so that a start after a kill -9 is not refused
    /// as "another server might be running".</summary>
    public static void RemoveStalePidFile(ClusterLayout layout)
    {
        if (ReadPid(layout) is { } pid && !IsLive(pid))
        {
            File.Delete(layout.PostmasterPidFile);
        }
    }

    private static bool IsLive(int pid)
    {
        try
        {
            // /proc/PID/stat: "PID (comm) STATE ..."; the comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X' or default(char));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int? ReadLine(ClusterLayout layout, int index)
    {
        try
        {
            var lines = File.ReadAllLines(layout.PostmasterPidFile);
            return lines.Length > index && int.TryParse(lines[index].Trim(), CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
