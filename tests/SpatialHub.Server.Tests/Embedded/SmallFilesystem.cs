using System.Diagnostics;

namespace SpatialHub.Server.Tests.Embedded;

/// <summary>A tmpfs of a few megabytes, to run out of space for real (no fault injection). Mounting needs root,
/// which CI has; elsewhere the tests that use it fail saying so.</summary>
public sealed class SmallFilesystem : IDisposable
{
    private SmallFilesystem(string path) => Path = path;

    public string Path { get; }

    public static SmallFilesystem Mount(int megabytes)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("This test mounts a small tmpfs to fill the disk for real, which needs root (as in CI).");
        }
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"spatialhub-tests-small-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0777", "tmpfs", path);
        return new SmallFilesystem(path);
    }

    /// <summary>Bytes in use, as the file system counts them.</summary>
    public long UsedBytes
    {
        get
        {
            var drive = new DriveInfo(Path);
            return drive.TotalSize - drive.AvailableFreeSpace;
        }
    }

    /// <summary>A folder on it owned by the postgres user, for a tablespace.</summary>
    public string PostgresFolder(string name)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        Run("chown", "postgres:postgres", folder);
        return folder;
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string fileName, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}
