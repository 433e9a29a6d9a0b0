using System.Diagnostics;

namespace SpatialHub.PostGis.Embedded;

/// <summary>Runs the PostgreSQL command-line tools, as the <c>postgres</c> OS user when we are root
/// (the server refuses to run as root).</summary>
internal static class ProcessRunner
{
    internal sealed record Result(int ExitCode, string Output, string Error);

    public static bool IsRoot { get; } = !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    public static async Task<Result> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = IsRoot ? "runuser" : fileName,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (IsRoot)
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
