using System.Diagnostics;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>Runs the real <c>spatialhub</c> executable built beside the tests, as a user would.</summary>
public static class SpatialHubCliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "spatialhub");

    public static Process Start(IEnumerable<string> arguments, bool redirectInput = false, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The CLI must not find a developer's own configuration.
        start.Environment.Remove("ConnectionStrings__SpatialHub");
        start.Environment.Remove("SpatialHub__DataDirectory");
        return Process.Start(start)!;
    }

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        using var process = Start(arguments, redirectInput: input is not null);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancel.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
