using System.Diagnostics;

namespace SpatialHub.PostGis.Embedded;

/// <summary>Runs the PostgreSQL command-line tools, as the <c>postgres</c> OS user when we are root
/// (the server refuses to run as root).</summary>
internal static class ProcessRunner
{
    internal sealed record Result(int ExitCode, string Output, string Error);

    public static bool IsRoot { get; } = !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    public static Task<Result> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        RunAsync(fileName, arguments, workingDirectory, environment: null, asServerUser: true, cancellationToken);

    /// <param name="environment">Added to the child's environment (libpq's PG* variables keep a password off the command line).</param>
    /// <param name="asServerUser">False runs a client tool as this process's own user, to write where that user may.</param>
    public static async Task<Result> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, bool asServerUser, CancellationToken cancellationToken)
    {
        var runAsPostgres = IsRoot && asServerUser;
        var start = new ProcessStartInfo
        {
            FileName = runAsPostgres ? "runuser" : fileName,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsPostgres)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", fileName })
            {
                start.ArgumentList.Add(prefix);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // pg_ctl's server inherits our descriptors; LC_ALL keeps its messages in English for our errors.
        start.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)
            ?? throw new EmbeddedClusterException($"Could not start '{fileName}'.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Gives a directory to the postgres user, so that the server can write there.</summary>
    public static async Task GiveToPostgresAsync(string directory, CancellationToken cancellationToken)
    {
        if (!IsRoot)
        {
            return;
        }
        using var chown = Process.Start("chown", ["-R", "postgres:postgres", directory])
            ?? throw new EmbeddedClusterException("Could not run chown.");
        await chown.WaitForExitAsync(cancellationToken);
        if (chown.ExitCode != 0)
        {
            throw new EmbeddedClusterException($"Could not give '{directory}' to the postgres user (chown exit {chown.ExitCode}).");
        }
    }
}
