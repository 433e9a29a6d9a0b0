using System.Diagnostics;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>Runs the real <c>spatialhub</c> executable built beside the tests, as a user would.</summary>
public static class SpatialHubCliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "spatialhub");

    public static Process Start(IEnumerable<string> arguments, bool redirectInput = false, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
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
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(arguments, redirectInput: input is not null, environment: environment);
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
